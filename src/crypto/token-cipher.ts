import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM encryption of OAuth tokens at rest.
 *
 * Ciphertext format (ASCII, safe in Redis hashes and logs never see it):
 *   `v1.<keyId>.<iv>.<tag>.<data>`   (iv, tag, data: base64url; keyId: 8 hex chars)
 * The key id is a fingerprint of the key (sha256 prefix), so a reader can tell which key
 * encrypted a value and a rotation (new TOKEN_ENCRYPTION_KEY, old one moved to
 * TOKEN_ENCRYPTION_KEY_PREVIOUS) keeps every stored token readable. Values written with a
 * previous key are reported `stale` so the caller re-encrypts them with the current key.
 *
 * An optional context string is bound as additional authenticated data (e.g. `portal:123:access`),
 * so a ciphertext copied to another portal or field does not decrypt.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type TokenCipherErrorCode =
  'TOKEN_CIPHER_KEY_INVALID' | 'TOKEN_CIPHERTEXT_INVALID' | 'TOKEN_KEY_UNKNOWN' | 'TOKEN_DECRYPT_FAILED';

export class TokenCipherError extends Error {
  constructor(
    readonly code: TokenCipherErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TokenCipherError';
  }
}

export interface DecryptResult {
  plaintext: string;
  /** True when the value was encrypted with a previous key: re-encrypt it with `encrypt`. */
  stale: boolean;
}

export interface TokenCipher {
  /** Key id (fingerprint) of the current key. */
  readonly currentKeyId: string;
  encrypt(plaintext: string, context?: string): string;
  /** Throws TokenCipherError on a malformed value, an unknown key or a failed authentication. */
  decrypt(ciphertext: string, context?: string): DecryptResult;
}

export interface TokenCipherOptions {
  /** 32 bytes (Config.tokenEncryptionKey). */
  currentKey: Buffer;
  /** Keys still accepted for decryption (Config.previousTokenEncryptionKeys). */
  previousKeys?: readonly Buffer[];
}

/** Fingerprint of a key: first 8 hex chars of sha256("stepwise-token-key" + key). Reveals nothing useful. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('stepwise-token-key').update(key).digest('hex').slice(0, 8);
}

export function createTokenCipher(options: TokenCipherOptions): TokenCipher {
  const all = [options.currentKey, ...(options.previousKeys ?? [])];
  for (const key of all) {
    if (key.length !== 32) {
      throw new TokenCipherError(
        'TOKEN_CIPHER_KEY_INVALID',
        'Token encryption keys must be exactly 32 bytes (base64 of 32 random bytes; generate one with `openssl rand -base64 32`).',
      );
    }
  }
  const currentKeyId = keyIdOf(options.currentKey);
  const keys = new Map<string, Buffer>();
  for (const key of all) {
    const id = keyIdOf(key);
    if (!keys.has(id)) keys.set(id, key);
  }

  return {
    currentKeyId,
    encrypt(plaintext, context = '') {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', options.currentKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, currentKeyId, b64(iv), b64(tag), b64(data)].join('.');
    },
    decrypt(ciphertext, context = '') {
      const parts = ciphertext.split('.');
      if (parts.length !== 5 || parts[0] !== VERSION) {
        throw new TokenCipherError(
          'TOKEN_CIPHERTEXT_INVALID',
          'Stored token is not in the expected encrypted format (v1).',
        );
      }
      const [, keyId, ivText, tagText, dataText] = parts as [string, string, string, string, string];
      const key = keys.get(keyId);
      if (key === undefined) {
        throw new TokenCipherError(
          'TOKEN_KEY_UNKNOWN',
          `Stored token was encrypted with key ${keyId}, which is neither TOKEN_ENCRYPTION_KEY nor listed in TOKEN_ENCRYPTION_KEY_PREVIOUS. Add the old key to TOKEN_ENCRYPTION_KEY_PREVIOUS, or reinstall the app in that portal.`,
        );
      }
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new TokenCipherError(
          'TOKEN_CIPHERTEXT_INVALID',
          'Stored token has a malformed IV or authentication tag.',
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        const plain = Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]);
        return { plaintext: plain.toString('utf8'), stale: keyId !== currentKeyId };
      } catch {
        throw new TokenCipherError(
          'TOKEN_DECRYPT_FAILED',
          'Stored token failed authentication (tampered, or bound to another portal/field).',
        );
      }
    },
  };
}

function b64(buf: Buffer): string {
  return buf.toString('base64url');
}
