package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A bar chart of one ratio per name (query or table), drawn with XChart into a PNG file: bars at
 * most {@value ReportFormat#RATIO_LIMIT} in blue, bars above it in red, and a line at 1 (parity).
 */
public final class RatioChart
{
    private static final Color WITHIN_LIMIT = new Color(0x3b, 0x6e, 0xa8);
    private static final Color ABOVE_LIMIT = new Color(0xc0, 0x39, 0x2b);

    private RatioChart() {}

    /**
     * Draws the ratios, in the map's order, and writes the chart to {@code file}.
     *
     * @param yAxisTitle what the ratio is, such as "lakehouse / iceberg median wall time"
     */
    public static void write(Path file, String title, String yAxisTitle, Map<String, Double> ratios)
    {
        checkArgument(!ratios.isEmpty(), "No ratios to draw");
        List<String> names = ImmutableList.copyOf(ratios.keySet());
        // two series over the same categories, overlapped: each bar is in one of them, null in the other
        List<Double> withinLimit = new ArrayList<>();
        List<Double> aboveLimit = new ArrayList<>();
        double highest = 0;
        for (double ratio : ratios.values()) {
            checkArgument(ratio > 0 && Double.isFinite(ratio), "Not a ratio: %s", ratio);
            withinLimit.add(ratio <= ReportFormat.RATIO_LIMIT ? ratio : null);
            aboveLimit.add(ratio > ReportFormat.RATIO_LIMIT ? ratio : null);
            highest = Math.max(highest, ratio);
        }

        int width = Math.max(1000, 120 + 40 * names.size());
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(600)
                .title(title)
                .xAxisTitle("")
                .yAxisTitle(yAxisTitle)
                .build();
        chart.getStyler()
                .setOverlapped(true)
                .setLabelsVisible(true)
                .setLabelsRotation(90)
                .setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11))
                .setAvailableSpaceFill(0.7)
                .setXAxisLabelRotation(90)
                .setYAxisMin(0.0)
                .setYAxisMax(Math.max(1.5, Math.ceil(highest * 1.15 * 10) / 10))
                .setYAxisDecimalPattern("0.00")
                .setPlotGridVerticalLinesVisible(false)
                .setChartBackgroundColor(Color.WHITE)
                .setPlotBackgroundColor(Color.WHITE)
                .setPlotBorderVisible(false)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14))
                .setDecimalPattern("0.00")
                .setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal)
                .setAnnotationLineColor(Color.DARK_GRAY)
                .setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0))
                .setSeriesColors(new Color[] {WITHIN_LIMIT, ABOVE_LIMIT});
        chart.addSeries(String.format(Locale.ROOT, "ratio at most %.2f", ReportFormat.RATIO_LIMIT), names, withinLimit);
        chart.addSeries(String.format(Locale.ROOT, "ratio above %.2f", ReportFormat.RATIO_LIMIT), names, aboveLimit);
        chart.addAnnotation(new AnnotationLine(1.0, false, false));

        try {
            ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", file.toFile());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the chart " + file, e);
        }
    }
}
