package dev.lakehouse.access;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import com.google.inject.Inject;
import dev.lakehouse.access.audit.AuditEvent;
import dev.lakehouse.access.audit.AuditLog;
import dev.lakehouse.access.rules.Policy;
import dev.lakehouse.access.rules.PolicyException;
import dev.lakehouse.access.rules.PolicyParser;
import io.airlift.log.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Holds the policy in force and reloads the file when it changes.
 * <p>
 * At startup an invalid file stops the server: the constructor throws the error that names the file,
 * the line and the rule. Afterwards the file is read every {@code security.refresh-period}; when its
 * content changed and is valid, the new policy replaces the old one at once (one atomic swap, so a
 * check sees either the old or the new policy whole). When it is invalid, the error is logged once
 * per distinct content, the rejection is written to the audit log, and the last valid policy stays in
 * force.
 */
public final class PolicyManager
{
    private static final Logger log = Logger.get(PolicyManager.class);

    private final Path file;
    private final String jsonPointer;
    private final long refreshPeriodMillis;
    private final AuditLog audit;
    private final AtomicReference<Policy> current = new AtomicReference<>();
    private final ScheduledExecutorService executor;
    private HashCode loadedContent;
    private HashCode rejectedContent;
    private volatile Optional<PolicyException> lastRejection = Optional.empty();

    @Inject
    public PolicyManager(LakehouseAccessControlConfig config, AuditLog audit)
    {
        requireNonNull(config.getConfigFile(), "configFile is null");
        String configured = config.getConfigFile().toString();
        if (configured.startsWith("http:") || configured.startsWith("https:")) {
            throw new PolicyException(configured, OptionalInt.empty(), Optional.empty(), "policies read over HTTP are not supported; give the path of a local file (security.config-file)");
        }
        // absolute, so messages name the file wherever the server runs
        this.file = config.getConfigFile().toAbsolutePath().normalize();
        this.jsonPointer = requireNonNull(config.getJsonPointer(), "jsonPointer is null");
        this.refreshPeriodMillis = Math.max(1, config.getRefreshPeriod().toMillis());
        this.audit = requireNonNull(audit, "audit is null");

        byte[] content = read();
        Policy policy = PolicyParser.parse(file.toString(), content, jsonPointer);
        current.set(policy);
        loadedContent = Hashing.sha256().hashBytes(content);
        log.info("Loaded access control policy %s: %s", file, policy.summary());
        warnOpenDefaults(policy);
        audit.record(AuditEvent.builder(AuditEvent.POLICY_LOADED).object("policy", file.toString()).detail(policy.summary()).build());

        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> Thread.ofPlatform()
                .name("lakehouse-access-policy-reload")
                .daemon(true)
                .unstarted(runnable));
    }

    @PostConstruct
    public void start()
    {
        executor.scheduleWithFixedDelay(this::reloadIfChanged, refreshPeriodMillis, refreshPeriodMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public void stop()
    {
        executor.shutdownNow();
    }

    public Policy current()
    {
        return current.get();
    }

    /**
     * The error of the last rejected version of the file, while that version is still the file's content.
     */
    public Optional<PolicyException> lastRejection()
    {
        return lastRejection;
    }

    /**
     * Reads the file and swaps in the policy when the content changed and is valid.
     *
     * @return whether a new policy took effect
     */
    @VisibleForTesting
    synchronized boolean reloadIfChanged()
    {
        byte[] content;
        try {
            content = read();
        }
        catch (PolicyException e) {
            // remember the failure like a content, so a missing file is reported once, not every period
            reject(e, Hashing.sha256().hashUnencodedChars("unreadable: " + e.problem()));
            return false;
        }
        HashCode hash = Hashing.sha256().hashBytes(content);
        if (hash.equals(loadedContent)) {
            lastRejection = Optional.empty();
            rejectedContent = null;
            return false;
        }
        if (hash.equals(rejectedContent)) {
            return false;
        }
        try {
            Policy policy = PolicyParser.parse(file.toString(), content, jsonPointer);
            current.set(policy);
            loadedContent = hash;
            rejectedContent = null;
            lastRejection = Optional.empty();
            log.info("Reloaded access control policy %s: %s", file, policy.summary());
            warnOpenDefaults(policy);
            audit.record(AuditEvent.builder(AuditEvent.POLICY_LOADED).object("policy", file.toString()).detail(policy.summary()).build());
            return true;
        }
        catch (PolicyException e) {
            reject(e, hash);
            return false;
        }
        catch (RuntimeException e) {
            reject(new PolicyException(file.toString(), OptionalInt.empty(), Optional.empty(), "cannot be read: " + e, e), hash);
            return false;
        }
    }

    private void warnOpenDefaults(Policy policy)
    {
        for (String openDefault : policy.openDefaults()) {
            log.warn("Access control policy %s has %s (Trino's default for an absent section); add the section to close it", file, openDefault);
        }
    }

    private void reject(PolicyException e, HashCode hash)
    {
        if (hash.equals(rejectedContent)) {
            return;
        }
        rejectedContent = hash;
        lastRejection = Optional.of(e);
        log.error("%s; the previous policy stays in force", e.getMessage());
        audit.record(AuditEvent.builder(AuditEvent.POLICY_REJECTED).object("policy", file.toString()).detail(e.getMessage()).build());
    }

    private byte[] read()
    {
        try {
            return Files.readAllBytes(file);
        }
        catch (IOException e) {
            throw new PolicyException(file.toString(), OptionalInt.empty(), Optional.empty(), Files.exists(file) ? "the file cannot be read: " + e.getMessage() : "the file does not exist", e);
        }
    }
}
