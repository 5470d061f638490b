import { createHash } from 'node:crypto';
import type { DigestHash, DigestHashName } from '../../shared/digest';

const NODE_NAMES: Record<DigestHashName, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

/** The Digest hash H(data) of RFC 7616 §3.4 / §6.1: lower-case hex of the UTF-8 bytes, with node:crypto. */
export const nodeDigestHash: DigestHash = (alg, text) => createHash(NODE_NAMES[alg]).update(text, 'utf8').digest('hex');
