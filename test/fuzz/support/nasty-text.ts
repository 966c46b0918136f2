import fc from 'fast-check';

/** Strings that have broken text handling somewhere: SQL and markup, control characters, bidi overrides, emoji, lone surrogates. */
const PIECES = [
  "'",
  '"',
  "' OR '1'='1",
  "'; DROP TABLE \"Customer\"; --",
  '%',
  '_',
  '\\',
  '<Response><Hangup/></Response>',
  '${jndi:ldap://x}',
  '\u0000',
  '\r\n',
  '\t',
  '\u202e', // right-to-left override
  '\u200f', // right-to-left mark
  'مرحبا',
  '\ufeff',
  '😀',
  '👩‍👩‍👧',
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  'e\u0301',
  'ﷺ',
];

/** Any text: whole code points of every plane, and strings stitched from the pieces above. */
export const nastyText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 8 }).map((parts) => parts.join('')),
  );

/** Whether a string can be stored as sent (no NUL, no lone surrogate): what the API accepts as text. */
export const isStorableText = (text: string): boolean => !/[\0\p{Cs}]/u.test(text);
