/** Least-squares line through (x, y) points: how cost grows with size, and how straight it is. */
export interface LinearFit {
  intercept: number;
  slope: number;
  /** Coefficient of determination: 1 is a perfect line. NaN with fewer than two distinct x. */
  r2: number;
}

export function linearFit(points: ReadonlyArray<{ x: number; y: number }>): LinearFit {
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const { x, y } of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  if (n < 2 || sxx === 0) return { intercept: meanY, slope: Number.NaN, r2: Number.NaN };
  const slope = sxy / sxx;
  // All y equal: the line (slope 0) explains them perfectly.
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { intercept: meanY - slope * meanX, slope, r2 };
}
