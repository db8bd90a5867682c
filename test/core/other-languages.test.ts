import { describe, expect, it } from 'vitest';
import { GLOSSARY, inEnglish } from '../../src/core/other-languages.js';
import { SYNONYMS } from '../../src/core/synonyms.js';
import { fold, tokenize } from '../../src/core/text.js';
import { loadEntries } from '../../src/data/index.js';

const english = (text: string) => inEnglish(fold(text)).replace(/\s+/g, ' ').trim();

describe('inEnglish', () => {
  it('writes the domain words of other languages as the reference’s English words', () => {
    expect(english('Спотифай: код ошибки 4')).toBe('spotify : error code 4');
    expect(english('登录时提示地区错误')).toContain('login');
    expect(english('登录时提示地区错误')).toContain('country region');
    expect(english('No puedo iniciar sesión en mi cuenta')).toBe('no puedo login en mi account');
    expect(english('Fehlercode 17 beim Anmelden')).toBe('error code 17 beim login');
    expect(english('防火墙 / прокси')).toBe('firewall / proxy vpn');
    // The words of the displayed messages themselves, as a localised dialog says them.
    expect(english('国家和地区与个人资料不符')).toBe('country 和 country region 与 profile match');
    expect(english('Страна в профиле не совпадает, регион')).toBe('country в profile match , region');
    expect(english('Fehler beim Installieren auf dem Gerät')).toBe('error beim install auf dem device');
    expect(english('mi cuenta fue suspendida')).toBe('mi account fue banned');
  });

  it('leaves English alone, Latin-script terms only as whole words', () => {
    const text = 'spotify region not supported, contact support about my country; the installer, my email, the tabs, incorrect profile';
    expect(inEnglish(fold(text))).toBe(fold(text));
    expect(english('the contable value')).toBe('the contable value');
    // Whole words by Unicode letters; a Cyrillic term is not read inside a longer word.
    expect(english('le décompte')).toBe('le décompte');
    expect(english('spotify входит в автозагрузку')).toBe('spotify входит в автозагрузку');
    expect(english('не могу войти, вход не работает')).toBe('не могу login , login не работает');
    // Nor inside other words, nor an English phrase that reads like one ("no coincidence" is not "no coincide").
    for (const text of ["that's no coincidence", 'there is no exterior light', 'барабан и диверсия']) expect(english(text)).toBe(text);
    expect(english('我禁用了防火墙')).not.toContain('banned');
    expect(english('nome de usuário ou senha incorreta')).toBe('username ou password incorrect');
  });

  it('writes only words the reference has, or that a synonym row reads', () => {
    const referenceWords = new Set(tokenize(JSON.stringify(loadEntries())));
    for (const { english } of GLOSSARY) {
      const read = tokenize(english).every((word) => referenceWords.has(word)) || SYNONYMS.some(([pattern]) => pattern.test(english));
      expect(read, english).toBe(true);
    }
  });
});
