import fc from 'fast-check';

/** Runs per fuzz property in CI (fixed seed, so a failure reproduces); SECURITY_FUZZ_RUNS raises it locally. */
export const FUZZ_RUNS = Number(process.env['SECURITY_FUZZ_RUNS'] ?? 250);
export const FUZZ_SEED = Number(process.env['SECURITY_FUZZ_SEED'] ?? 20_261_124);

export const fuzzParams = (runs: number = FUZZ_RUNS): fc.Parameters<unknown> => ({
  numRuns: runs,
  seed: FUZZ_SEED,
  endOnFailure: true,
});

/** Strings HubSpot payloads and our parsers must survive. */
export const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\ud83d',
  'x\udc00y',
  '\u202e1001\u202d',
  '\u200b',
  '\u200d\u200c\ufeff',
  '\u2028\u2029',
  '𝔡𝔢𝔞𝔩',
  '🧨'.repeat(50),
  'é'.normalize('NFD'),
  '١٢٣',
  '１２３',
  '%00',
  '%2e%2e%2f',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE deals; --",
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0x10',
  '9'.repeat(30),
  '1'.repeat(21),
  'x'.repeat(10_000),
];

/** Unicode-heavy strings: full code-point range, lone surrogates, and the list above. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  // UTF-16 code units at random: lone surrogates included.
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }).map((u) => String.fromCharCode(...u)),
);

/** Any JSON-ish value, including odd strings and big/negative/fractional numbers. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 4 }),
  oddString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, [], {}),
  fc.double({ noNaN: true }),
);

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

export const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'application/vnd.api+json',
  'APPLICATION/JSON',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/xml',
  '*/*',
  'json',
  ';',
  'application/json;;;',
  'application/json; boundary="',
];

export const CONTENT_ENCODINGS = [
  undefined,
  'identity',
  'gzip',
  'deflate',
  'br',
  'x-unknown',
  'gzip, gzip',
  'GZIP',
];
