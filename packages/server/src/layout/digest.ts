import { createHash } from 'node:crypto';

/**
 * A model's identity: its topology, its weight specs and its weight bytes,
 * so the same model reached by two URLs (or with other shard names) is one
 * model. Shard paths and the weightsManifest grouping are left out.
 */
export function modelDigest(
  modelJson: Record<string, unknown>,
  weightSpecs: unknown[],
  weightData: Uint8Array,
): string {
  const { weightsManifest: _ignored, ...rest } = modelJson;
  void _ignored;
  return createHash('sha256')
    .update(JSON.stringify(rest))
    .update('\0')
    .update(JSON.stringify(weightSpecs))
    .update('\0')
    .update(weightData)
    .digest('hex');
}
