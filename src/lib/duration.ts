/** Seconds as a person reads them: `100 ms`, `45 s`, `6 min 40 s`, `26 h`, `3 d 2 h`. */
export function humanDuration(seconds: number): string {
  if (Math.abs(seconds) < 1 && seconds !== 0) return `${Math.round(Math.abs(seconds) * 1000)} ms`;
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return min < 10 && s % 60 ? `${min} min ${s % 60} s` : `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return h < 10 && min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
