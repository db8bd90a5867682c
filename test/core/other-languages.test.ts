import { describe, expect, it } from 'vitest';
import { inEnglish } from '../../src/core/other-languages.js';
import { fold } from '../../src/core/text.js';

const english = (text: string) => inEnglish(fold(text)).replace(/\s+/g, ' ').trim();

describe('inEnglish', () => {
  it('writes the domain words of other languages as the reference’s English words', () => {
    expect(english('Спотифай: код ошибки 4')).toBe('spotify : error code 4');
    expect(english('登录时提示地区错误')).toContain('login');
    expect(english('登录时提示地区错误')).toContain('country region');
    expect(english('No puedo iniciar sesión en mi cuenta')).toBe('no puedo login en mi account');
    expect(english('Fehlercode 17 beim Anmelden')).toBe('error code 17 beim login');
    expect(english('防火墙 / прокси')).toBe('firewall / proxy vpn');
  });

  it('leaves English alone, Latin-script terms only as whole words', () => {
    const text = 'spotify region not supported, contact support about my country';
    expect(inEnglish(fold(text))).toBe(fold(text));
    expect(english('the contable value')).toBe('the contable value');
    // Whole words by Unicode letters; a Cyrillic term is not read inside a longer word.
    expect(english('le décompte')).toBe('le décompte');
    expect(english('spotify входит в автозагрузку')).toBe('spotify входит в автозагрузку');
    expect(english('не могу войти, вход не работает')).toBe('не могу login , login не работает');
  });
});
