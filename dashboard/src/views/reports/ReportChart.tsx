import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only what a bar-and-line chart draws, so the bundle carries no other chart type.
Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

/** One bar series (counted on the left axis) or line series (on the right axis). */
export interface ChartSeries {
  readonly label: string;
  readonly kind: 'bar' | 'line';
  readonly values: readonly (number | null)[];
  /** A CSS custom property of the stylesheet, e.g. `--accent`. */
  readonly colour: string;
}

/**
 * A bar-and-line chart on a canvas (Chart.js): counts as bars on the left axis, a duration or share as a line on the
 * right. Colours and font come from the stylesheet; nothing is styled inline in the markup.
 */
export function ReportChart(props: { labels: readonly string[]; series: readonly ChartSeries[]; label: string; leftAxis: string; rightAxis: string; formatRight: (value: number) => string; formatLeft: (value: number) => string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const style = getComputedStyle(canvas.current);
    const colour = (name: string): string => style.getPropertyValue(name).trim() || '#57606a';
    Chart.defaults.font.family = style.fontFamily;
    Chart.defaults.color = colour('--muted');
    // On a phone the axis titles would crowd the bars; the legend names the series there.
    const titled = (canvas.current.parentElement?.clientWidth ?? 0) > 480;
    const chart = new Chart(canvas.current, {
      data: {
        labels: [...props.labels],
        datasets: props.series.map((series) =>
          series.kind === 'bar'
            ? { type: 'bar' as const, label: series.label, data: [...series.values], backgroundColor: colour(series.colour), yAxisID: 'left', order: 2 }
            : { type: 'line' as const, label: series.label, data: [...series.values], borderColor: colour(series.colour), backgroundColor: colour(series.colour), yAxisID: 'right', order: 1, spanGaps: false, tension: 0.2 },
        ),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          left: { type: 'linear', position: 'left', beginAtZero: true, title: { display: titled, text: props.leftAxis }, ticks: { precision: 0, callback: (value) => props.formatLeft(Number(value)) } },
          right: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: titled, text: props.rightAxis }, ticks: { callback: (value) => props.formatRight(Number(value)) } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${item.dataset.yAxisID === 'right' ? props.formatRight(Number(item.raw)) : props.formatLeft(Number(item.raw))}` } },
        },
      },
    });
    return () => chart.destroy();
  }, [props.labels, props.series]);
  return (
    <div class="report-chart">
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
