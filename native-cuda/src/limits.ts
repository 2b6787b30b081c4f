import { binding } from './binding';

export interface FdLimit {
  /** The soft limit found at start. */
  before: number;
  soft: number;
  hard: number;
}

/** Raises the soft RLIMIT_NOFILE to the hard limit (a daemon holds an fd per host-tier model and per client). */
export function raiseFdLimit(): FdLimit {
  return binding.raiseFdLimit();
}
