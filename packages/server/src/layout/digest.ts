import { sha256 } from '@trims/protocol';

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
  return sha256(JSON.stringify(rest), '\0', JSON.stringify(weightSpecs), '\0', weightData).toString(
    'hex',
  );
}
