import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenCipherError, createTokenCipher, keyIdOf } from '../../src/crypto/token-cipher';

const key = () => randomBytes(32);

describe('token cipher (AES-256-GCM with key ids)', () => {
  it('round-trips and never contains the plaintext', () => {
    const cipher = createTokenCipher({ currentKey: key() });
    const token = 'CNq-secret-access-token-äöü-令牌';
    const ct = cipher.encrypt(token, 'inst:1:access');
    expect(ct).not.toContain('secret');
    expect(ct.startsWith(`v1.${cipher.currentKeyId}.`)).toBe(true);
    expect(cipher.decrypt(ct, 'inst:1:access')).toEqual({ plaintext: token, stale: false });
  });

  it('uses a fresh IV per encryption', () => {
    const cipher = createTokenCipher({ currentKey: key() });
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('rejects tampered ciphertext, tag or IV', () => {
    const cipher = createTokenCipher({ currentKey: key() });
    const ct = cipher.encrypt('token-value');
    const parts = ct.split('.');
    for (const i of [2, 3, 4]) {
      const p = [...parts];
      const bytes = Buffer.from(p[i] as string, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      p[i] = bytes.toString('base64url');
      expect(() => cipher.decrypt(p.join('.'))).toThrow(TokenCipherError);
    }
    expect(() => cipher.decrypt('not-a-token')).toThrow(/expected encrypted format/);
  });

  it('binds the context: a token copied to another portal/field does not decrypt', () => {
    const cipher = createTokenCipher({ currentKey: key() });
    const ct = cipher.encrypt('token-value', 'inst:1:access');
    expect(() => cipher.decrypt(ct, 'inst:2:access')).toThrow(
      expect.objectContaining({ code: 'TOKEN_DECRYPT_FAILED' }),
    );
  });

  it('rotation: decrypts with a previous key, reports it stale, re-encrypts with the current key', () => {
    const oldKey = key();
    const newKey = key();
    const before = createTokenCipher({ currentKey: oldKey });
    const ct = before.encrypt('refresh-token', 'ctx');
    const after = createTokenCipher({ currentKey: newKey, previousKeys: [oldKey] });
    const read = after.decrypt(ct, 'ctx');
    expect(read).toEqual({ plaintext: 'refresh-token', stale: true });
    const re = after.encrypt(read.plaintext, 'ctx');
    expect(re.split('.')[1]).toBe(keyIdOf(newKey));
    expect(after.decrypt(re, 'ctx')).toEqual({ plaintext: 'refresh-token', stale: false });
  });

  it('a value under a key that is no longer configured fails with an actionable error', () => {
    const ct = createTokenCipher({ currentKey: key() }).encrypt('x');
    expect(() => createTokenCipher({ currentKey: key() }).decrypt(ct)).toThrow(
      expect.objectContaining({
        code: 'TOKEN_KEY_UNKNOWN',
        message: expect.stringContaining('TOKEN_ENCRYPTION_KEY_PREVIOUS'),
      }),
    );
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createTokenCipher({ currentKey: randomBytes(16) })).toThrow(/32 bytes/);
  });
});
