import { describe, expect, it } from 'vitest';
import { sharedLookup } from '../helpers.js';

const codes = sharedLookup().index.codes;

describe('code resolution', () => {
  it.each([
    ['auth:3', 'auth:3'],
    ['AUTH 3', 'auth:3'],
    ['auth-3', 'auth:3'],
    ['auth_3', 'auth:3'],
    ['auth：3', 'auth:3'],
    ['ａｕｔｈ：３', 'auth:3'],
    ['Error code: auth:73', 'auth:73'],
    ['error auth:73', 'auth:73'],
    ['(Error code: accounts:103)', 'accounts:103'],
    ['accounts:54', 'accounts:53–55'],
    ['accounts 55', 'accounts:53–55'],
    ['accounts:53–55', 'accounts:53–55'],
    ['Error code: 17', 'accesspoint:17'],
    ['error 18', 'Installer error 18'],
    ['installer error 18', 'Installer error 18'],
    ['Error code: 18', 'Installer error 18'],
    ['Error 30', 'Error 30'],
    ['429', 'HTTP 429 — Too Many Requests'],
    ['HTTP 429', 'HTTP 429 — Too Many Requests'],
    ['invalid_client', 'HTTP 401 — invalid_client'],
    ['EME_NO_SUPPORTED_KEYSYSTEM', 'EME_NO_SUPPORTED_KEYSYSTEM'],
    ['eme_no_supported_keysystem', 'EME_NO_SUPPORTED_KEYSYSTEM'],
    ['eme no supported keysystem', 'EME_NO_SUPPORTED_KEYSYSTEM'],
    ['desktop-login-accounts:5', 'desktop_login_accounts:5'],
    ['PREMIUM_REQUIRED', 'HTTP 403 — PREMIUM_REQUIRED'],
    ['403 restriction_violated', 'HTTP 403 — RESTRICTION_VIOLATED'],
  ])('%s → %s', (input, code) => {
    expect(codes.resolve(input)?.code).toBe(code);
  });

  it.each(['auth:74', '403', 'hello', '', '   ', 'error', 'x'.repeat(5000)])('%s resolves to nothing', (input) => {
    expect(codes.resolve(input)).toBeUndefined();
  });
});
