package org.eibench.engine.report;

import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart as inline SVG: one group per category, one bar per series (run), values in [0, 1] drawn as
 * percentages, with a whisker where a bar has a confidence interval. No scripts, no external resources.
 */
final class SvgBarChart {
    /**
     * One series of bars.
     *
     * @param name the legend text
     * @param values one value per group, in [0, 1]; null draws no bar
     * @param intervals one confidence interval per group, drawn as a whisker over the bar; null draws none
     */
    record Series(String name, List<Double> values, List<Interval> intervals) {
        Series {
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
            if (intervals == null) {
                intervals = java.util.Collections.nCopies(values.size(), null);
            }
            if (intervals.size() != values.size()) {
                throw new IllegalArgumentException("series " + name + " has " + values.size() + " values but "
                        + intervals.size() + " intervals");
            }
            intervals = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(intervals));
        }

        /** Bars without whiskers. */
        Series(String name, List<Double> values) {
            this(name, values, null);
        }
    }

    private static final String[] PALETTE = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
    };
    private static final int WIDTH = 960;
    private static final int PLOT_TOP = 40;
    private static final int PLOT_HEIGHT = 240;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int LEGEND_LINE = 20;
    /** A zero still draws a sliver, so it reads as measured 0 rather than missing. */
    private static final double MIN_BAR_HEIGHT = 1.5;

    private SvgBarChart() {}

    static String render(String title, List<String> groups, List<Series> series) {
        int legendTop = PLOT_TOP + PLOT_HEIGHT + 40;
        int height = legendTop + LEGEND_LINE * series.size() + 10;
        double band = (double) (WIDTH - LEFT - RIGHT) / Math.max(1, groups.size());
        double barWidth = band * 0.8 / Math.max(1, series.size());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" aria-label=\"%s\">%n",
                WIDTH, height, WIDTH, height, Text.html(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" class=\"chart-title\">%s</text>%n", LEFT,
                Text.html(title)));
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = yOf(pct / 100.0);
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                            + "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>%n",
                    LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, pct));
        }
        for (int g = 0; g < groups.size(); g++) {
            double groupLeft = LEFT + band * g + band * 0.1;
            for (int s = 0; s < series.size(); s++) {
                Double v = series.get(s).values().get(g);
                if (v == null) {
                    continue;
                }
                double clamped = Math.max(0, Math.min(1, v)); // a reference figure can exceed 1; the tooltip keeps it
                double y = Math.min(yOf(clamped), yOf(0) - MIN_BAR_HEIGHT);
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"bar\" data-group=\"%s\" data-series=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                                + " height=\"%.1f\" fill=\"%s\"><title>%s — %s: %s%%</title></rect>%n",
                        Text.html(groups.get(g)), Text.html(series.get(s).name()), groupLeft + barWidth * s, y,
                        barWidth, yOf(0) - y, PALETTE[s % PALETTE.length], Text.html(series.get(s).name()),
                        Text.html(groups.get(g)), Text.percent(v)));
                Interval ci = series.get(s).intervals().get(g);
                if (ci != null) {
                    whisker(svg, groups.get(g), series.get(s).name(), groupLeft + barWidth * (s + 0.5), barWidth, ci);
                }
            }
            svg.append(String.format(Locale.ROOT,
                    "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    LEFT + band * g + band / 2, PLOT_TOP + PLOT_HEIGHT + 18, Text.html(groups.get(g))));
        }
        for (int s = 0; s < series.size(); s++) {
            int y = legendTop + LEGEND_LINE * s;
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"legend-key\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>%n",
                    LEFT, y, PALETTE[s % PALETTE.length], LEFT + 18, y + 11, Text.html(series.get(s).name())));
        }
        return svg.append("</svg>\n").toString();
    }

    /** A vertical line from the interval's low to its high end, with caps, centred on the bar. */
    private static void whisker(StringBuilder svg, String group, String series, double x, double barWidth,
            Interval ci) {
        double top = yOf(Math.max(0, Math.min(1, ci.high())));
        double bottom = yOf(Math.max(0, Math.min(1, ci.low())));
        double cap = Math.min(6, barWidth * 0.35);
        svg.append(String.format(Locale.ROOT,
                "<g class=\"whisker\" data-group=\"%s\" data-series=\"%s\"><title>%s — %s: 95%% interval %s–%s%%%s"
                        + "</title><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                        + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                        + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>%n",
                Text.html(group), Text.html(series), Text.html(series), Text.html(group), Text.percent(ci.low()),
                Text.percent(ci.high()), ci.method() == null ? "" : " (" + Text.html(ci.method()) + ")", x, top, x,
                bottom, x - cap, top, x + cap, top, x - cap, bottom, x + cap, bottom));
    }

    private static double yOf(double fraction) {
        return PLOT_TOP + PLOT_HEIGHT * (1 - fraction);
    }
}
