import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256OfFile(file: string): string {
  return sha256(fs.readFileSync(file));
}
