/** The daemon's counters (StatsReply, and the metrics endpoint). */
export class Counters {
  opens = 0;
  hits = 0;
  misses = 0;
  fetches = 0;
  conversions = 0;
  evictions = 0;
  errors = 0;
  privateLoads = 0;
}
