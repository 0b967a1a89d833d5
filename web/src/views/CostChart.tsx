// The best cost of a running generation over time, drawn as a small SVG line chart (no chart library: the first
// page stays small). The description says the same in words for screen readers.
export interface CostPoint {
  seconds: number;
  cost: number;
}

const W = 320;
const H = 120;
const PAD = { left: 56, right: 8, top: 8, bottom: 22 };

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export function CostChart({ points }: { points: CostPoint[] }) {
  if (points.length === 0) return <p className="empty">No cost reported yet.</p>;
  const maxX = Math.max(1, ...points.map((p) => p.seconds));
  const costs = points.map((p) => p.cost);
  const maxY = Math.max(...costs);
  const minY = Math.min(...costs);
  const spanY = maxY - minY || 1;
  const x = (s: number) => PAD.left + (s / maxX) * (W - PAD.left - PAD.right);
  const y = (c: number) => PAD.top + (1 - (c - minY) / spanY) * (H - PAD.top - PAD.bottom);
  const line = points.map((p) => `${x(p.seconds).toFixed(1)},${y(p.cost).toFixed(1)}`).join(' ');
  const last = points[points.length - 1];
  return (
    <figure className="cost-chart">
      <svg
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Best cost over time: ${fmt(points[0].cost)} at ${points[0].seconds.toFixed(1)} s, ${fmt(last.cost)} at ${last.seconds.toFixed(1)} s`}
        data-testid="cost-chart"
      >
        <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} stroke="currentColor" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} stroke="currentColor" />
        <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" fontSize="10" fill="currentColor">
          {fmt(maxY)}
        </text>
        <text x={PAD.left - 4} y={H - PAD.bottom} textAnchor="end" fontSize="10" fill="currentColor">
          {fmt(minY)}
        </text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" fontSize="10" fill="currentColor">
          {maxX.toFixed(1)} s
        </text>
        <text x={PAD.left} y={H - 6} fontSize="10" fill="currentColor">
          0 s
        </text>
        {points.length > 1 ? (
          <polyline points={line} fill="none" stroke="#1d4ed8" strokeWidth="2" />
        ) : (
          <circle cx={x(last.seconds)} cy={y(last.cost)} r="3" fill="#1d4ed8" />
        )}
      </svg>
      <figcaption>Best cost (hard violations weighted, plus the soft penalty) against elapsed time</figcaption>
    </figure>
  );
}
