/**
 * Nelder–Mead simplex minimiser following R's optim() ("nmmin": reflection 1, contraction 0.5,
 * expansion 2, one initial step of 10 % of the largest |parameter|). Deterministic. Non-finite
 * objective values are treated as a huge penalty, which is how bounds are imposed by callers.
 */
export interface NelderMeadOptions {
  maxEvals?: number;
  relTol?: number;
}

export function nelderMead(fn: (p: Float64Array) => number, start: readonly number[], opts: NelderMeadOptions = {}): { par: number[]; value: number; evals: number } {
  const maxEvals = opts.maxEvals ?? 2000;
  const relTol = opts.relTol ?? 1e-8;
  const BIG = 1e35;
  const n = start.length;
  const f = (p: Float64Array): number => {
    const v = fn(p);
    return Number.isFinite(v) ? v : BIG;
  };
  const n1 = n + 1;
  // vertices[j] is a parameter vector; vals[j] its objective.
  const vertices: Float64Array[] = [];
  const vals = new Float64Array(n1);
  const x0 = Float64Array.from(start);
  let f0 = f(x0);
  let evals = 1;
  if (f0 >= BIG) return { par: [...start], value: Infinity, evals };
  const convTol = relTol * (Math.abs(f0) + relTol);
  vertices.push(x0);
  vals[0] = f0;
  let step = 0;
  for (const v of start) step = Math.max(step, 0.1 * Math.abs(v));
  if (step === 0) step = 0.1;
  for (let j = 1; j < n1; j++) {
    const v = Float64Array.from(start);
    let trystep = step;
    while (v[j - 1] === start[j - 1]) {
      v[j - 1] = start[j - 1] + trystep;
      trystep *= 10;
    }
    vertices.push(v);
  }
  let oldSize = Infinity;
  let calcVert = true;
  let L = 0;
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);
  const trial2 = new Float64Array(n);
  for (;;) {
    if (calcVert) {
      for (let j = 0; j < n1; j++) {
        if (j !== L) {
          vals[j] = f(vertices[j]);
          evals++;
        }
      }
      calcVert = false;
    }
    let VL = vals[L];
    let VH = VL;
    let H = L;
    for (let j = 0; j < n1; j++) {
      if (vals[j] < VL) {
        L = j;
        VL = vals[j];
      }
      if (vals[j] > VH) {
        H = j;
        VH = vals[j];
      }
    }
    if (VH <= VL + convTol || evals > maxEvals) break;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n1; j++) if (j !== H) s += vertices[j][i];
      centroid[i] = s / n;
    }
    for (let i = 0; i < n; i++) trial[i] = 2 * centroid[i] - vertices[H][i];
    const VR = f(trial);
    evals++;
    if (VR < VL) {
      for (let i = 0; i < n; i++) trial2[i] = 2 * trial[i] - centroid[i];
      const VE = f(trial2);
      evals++;
      if (VE < VR) {
        vertices[H].set(trial2);
        vals[H] = VE;
      } else {
        vertices[H].set(trial);
        vals[H] = VR;
      }
    } else {
      if (VR < VH) {
        vertices[H].set(trial);
        vals[H] = VR;
      }
      for (let i = 0; i < n; i++) trial[i] = 0.5 * vertices[H][i] + 0.5 * centroid[i];
      const VC = f(trial);
      evals++;
      if (VC < vals[H]) {
        vertices[H].set(trial);
        vals[H] = VC;
      } else if (VR >= VH) {
        calcVert = true;
        let size = 0;
        for (let j = 0; j < n1; j++) {
          if (j === L) continue;
          for (let i = 0; i < n; i++) {
            vertices[j][i] = 0.5 * (vertices[j][i] - vertices[L][i]) + vertices[L][i];
            size += Math.abs(vertices[j][i] - vertices[L][i]);
          }
        }
        if (size >= oldSize) break;
        oldSize = size;
      }
    }
  }
  let best = 0;
  for (let j = 1; j < n1; j++) if (vals[j] < vals[best]) best = j;
  return { par: [...vertices[best]], value: vals[best] >= BIG ? Infinity : vals[best], evals };
}
