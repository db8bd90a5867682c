import { describe, expect, it } from 'vitest';
import { phraseTooCommon } from '../../src/core/phrases.js';
import { sharedLookup } from '../helpers.js';

describe('server phrases', () => {
  it('refuse wording too common to mean one error', () => {
    for (const phrase of ['the', 'a b', 'spotify error', 'it doesnt work', 'I get an error code']) expect(phraseTooCommon(phrase), phrase).toBe(true);
    for (const phrase of ['purple spinner', 'stuck on the login spinner', 'pantalla negra']) expect(phraseTooCommon(phrase), phrase).toBe(false);
    // Words of other scripts are words: a translated message is specific, its common English around it is not.
    for (const phrase of ['не работает', '登不上去', 'Spotify アプリ']) expect(phraseTooCommon(phrase), phrase).toBe(false);
    for (const phrase of ['spotify 1', 'spotify app …']) expect(phraseTooCommon(phrase), phrase).toBe(true);
    // Thai, Lao, Khmer and Burmese are matched inside words: a phrase of two letters ("ไม่", "not") is in too much chat.
    for (const phrase of ['ไม่', 'ບໍ່', 'spotify ไม่']) expect(phraseTooCommon(phrase), phrase).toBe(true);
    for (const phrase of ['ทำงานไม่ได้', 'ເຂົ້າລະບົບບໍ່ໄດ້', 'ចូលគណនីមិនបាន']) expect(phraseTooCommon(phrase), phrase).toBe(false);
  });

  it('match whole words only, in detection and search', () => {
    const { detector } = sharedLookup();
    const phrases = [{ phrase: 'the', code: 'auth:3' }];
    for (const text of ['another day', 'them apples', 'bathe the cat']) {
      const found = detector.detect(text, { phrases }).matches.map((m) => m.entry.code);
      expect(found, text).toEqual(text === 'bathe the cat' ? ['auth:3'] : []);
    }
    const spinner = [{ phrase: 'purple spinner', code: 'desktop_login_accounts:2' }];
    expect(detector.detect('stuck on the purple spinner again', { phrases: spinner }).matches[0]?.entry.code).toBe('desktop_login_accounts:2');
    expect(detector.detect('purple spinners are pretty', { phrases: spinner }).matches).toEqual([]);
    expect(sharedLookup().search('purple spinners are pretty', spinner).some((r) => r.match === 'phrase')).toBe(false);
  });

  it('overlap: the longer phrase wins where one\'s match lies inside another\'s, and phrases in different parts of a message both answer', () => {
    const { detector } = sharedLookup();
    const phrases = [
      { phrase: 'purple spinner', code: 'desktop_login_accounts:2' },
      { phrase: 'stuck on the purple spinner', code: 'auth:3' },
      { phrase: 'songs skip after ten seconds', code: 'auth:1' },
    ];
    const codes = (text: string) => detector.detect(text, { phrases }).matches.map((m) => m.entry.code).sort();
    expect(codes('stuck on the purple spinner')).toEqual(['auth:3']);
    expect(codes('the purple spinner is back')).toEqual(['desktop_login_accounts:2']);
    expect(codes('stuck on the purple spinner, and my songs skip after ten seconds')).toEqual(['auth:1', 'auth:3']);
    // The shorter phrase also stands on its own elsewhere in the message: both answer.
    expect(codes('a purple spinner at start, then stuck on the purple spinner')).toEqual(['auth:3', 'desktop_login_accounts:2']);
  });

  it('are not another program\'s: a message about Steam or Discord is not answered for them, unless Spotify is the nearer name', () => {
    const { detector } = sharedLookup();
    const phrases = [{ phrase: 'stuck on the purple spinner', code: 'desktop_login_accounts:2' }];
    const codes = (text: string, assumeSpotify: boolean) => detector.detect(text, { phrases, assumeSpotify }).matches.map((m) => m.entry.code);
    for (const assumeSpotify of [false, true]) {
      expect(codes('Steam is stuck on the purple spinner again', assumeSpotify), String(assumeSpotify)).toEqual([]);
      expect(codes('discord keeps getting stuck on the purple spinner lol', assumeSpotify), String(assumeSpotify)).toEqual([]);
      expect(codes('stuck on the purple spinner again', assumeSpotify), String(assumeSpotify)).toEqual(['desktop_login_accounts:2']);
      expect(codes('Discord works, but Spotify is stuck on the purple spinner', assumeSpotify), String(assumeSpotify)).toEqual(['desktop_login_accounts:2']);
    }
    // A phrase that names the other program itself is about it: that name does not count against it.
    const status = [{ phrase: 'not showing on my discord status', code: 'auth:3' }];
    expect(detector.detect('my music is not showing on my discord status', { phrases: status }).matches.map((m) => m.entry.code)).toEqual(['auth:3']);
  });

  it('are judged where the phrase stands, not where its first word first appears', () => {
    const { detector } = sharedLookup();
    const phrases = [{ phrase: 'stuck on the login spinner', code: 'desktop_login_accounts:2' }];
    const codes = (text: string, assumeSpotify: boolean) => detector.detect(text, { phrases, assumeSpotify }).matches.map((m) => m.entry.code);
    for (const assumeSpotify of [false, true]) {
      // "stuck" first appears beside Spotify; the phrase itself is Discord's.
      expect(codes('Spotify got stuck once last week, but today Discord is stuck on the login spinner', assumeSpotify), String(assumeSpotify)).toEqual([]);
      expect(codes('Steam got stuck once last week, but today Spotify is stuck on the login spinner', assumeSpotify), String(assumeSpotify)).toEqual([
        'desktop_login_accounts:2',
      ]);
      // Inside another word ("stuckup") is no place of the phrase either.
      expect(codes('Spotify fans are stuckup, anyway Steam is stuck on the login spinner', assumeSpotify), String(assumeSpotify)).toEqual([]);
    }
  });

  it('in another language match their own wording, and never chat that shares only their Latin words', () => {
    const lookup = sharedLookup();
    const codes = (text: string, phrases: Array<{ phrase: string; code: string }>) => lookup.detector.detect(text, { phrases }).matches.map((m) => m.entry.code);
    // Words the text is read with in English ("Fehler" as "error", "iniciar sesión" as "login") are the phrase's too.
    for (const phrase of ['Fehler beim Anmelden', 'no me deja iniciar sesión']) {
      const phrases = [{ phrase, code: 'auth:3' }];
      expect(codes(`hi, ${phrase} again`, phrases), phrase).toEqual(['auth:3']);
      expect(lookup.search(phrase, phrases, 1)[0]?.entry.code, phrase).toBe('auth:3');
    }
    // A phrase in Cyrillic or Chinese is all its words, not the Latin ones left among them.
    for (const phrase of ['Spotify Premium не работает в Казахстане', '無法登入 Spotify Premium 帳號']) {
      const phrases = [{ phrase, code: 'auth:3' }];
      expect(codes('I just bought spotify premium, love it', phrases), phrase).toEqual([]);
      expect(lookup.search('spotify premium is great', phrases).some((r) => r.match === 'phrase'), phrase).toBe(false);
      expect(codes(`${phrase}, помогите`, phrases), phrase).toEqual(['auth:3']);
    }
  });
  it('are found where a message says their words with another of the same words read in English (simplified or traditional Chinese, a common misspelling, a nickname), as search finds them', () => {
    const lookup = sharedLookup();
    for (const [phrase, text] of [
      ['登录黑屏', '登陆黑屏'],
      ['账号被封了', '帳號被封了'],
      ['спотифай не открывается', 'спотик не открывается'],
    ] as const) {
      const phrases = [{ phrase, code: 'auth:3' }];
      expect(lookup.search(text, phrases, 1)[0]?.entry.code, text).toBe('auth:3');
      expect(lookup.detector.detect(text, { phrases }).matches.map((m) => m.entry.code), text).toEqual(['auth:3']);
    }
  });
});

describe('server phrases in languages written without spaces between words', () => {
  it('match inside a sentence: Chinese, Japanese, Thai, Lao, Khmer, Burmese', () => {
    const lookup = sharedLookup();
    const codes = (text: string, phrases: Array<{ phrase: string; code: string }>) => lookup.detector.detect(text, { phrases }).matches.map((m) => m.entry.code);
    for (const [phrase, text] of [
      ['黑屏', '打开spotify就黑屏'],
      ['登不上去', '我登不上去了，怎么办'],
      ['再生できない', 'スマホで曲が再生できないです'],
      ['เข้าสู่ระบบไม่ได้', 'สปอติฟายเข้าสู่ระบบไม่ได้ครับ'],
      ['ເຂົ້າລະບົບບໍ່ໄດ້', 'ຂ້ອຍເຂົ້າລະບົບບໍ່ໄດ້'],
      ['ចូលគណនីមិនបាន', 'ខ្ញុំចូលគណនីមិនបានទេ'],
      ['ဝင်လို့မရဘူး', 'spotifyမှာဝင်လို့မရဘူးဗျ'],
    ] as const) {
      const phrases = [{ phrase, code: 'auth:3' }];
      expect(codes(text, phrases), text).toEqual(['auth:3']);
      expect(lookup.search(text, phrases, 1)[0]?.entry.code, text).toBe('auth:3');
      // Not the phrase: its characters apart, or only some of them.
      expect(codes(`${[...phrase].reverse().join('')}，谢谢`, phrases), phrase).toEqual([]);
    }
  });

  it('match letters that have a compatibility form: Thai and Lao sara am, half-width katakana', () => {
    const lookup = sharedLookup();
    const codes = (text: string, phrases: Array<{ phrase: string; code: string }>) => lookup.detector.detect(text, { phrases }).matches.map((m) => m.entry.code);
    for (const [phrase, text] of [
      // ำ (U+0E33) is read as ํ + า: the phrase's opening letters must be looked for in the message as read.
      ['ทำงานไม่ได้', 'สปอติฟายทำงานไม่ได้ครับ'],
      ['ນຳໃຊ້ບໍ່ໄດ້', 'ແອັບນຳໃຊ້ບໍ່ໄດ້'],
      ['ﾛｸﾞｲﾝできない', 'ﾛｸﾞｲﾝできないです'],
    ] as const) {
      expect(codes(text, [{ phrase, code: 'auth:3' }]), text).toEqual(['auth:3']);
    }
  });
});

describe('server phrases in another language', () => {
  it('refuse the translation of wording too common to mean one error, as they would refuse it in English', () => {
    // A phrase is matched by its words read in English ("ошибка" is "error"): it is judged by them too.
    for (const phrase of ['ошибка', 'Fehler', '错误', 'エラー', 'Spotify ошибка', 'код ошибки 5']) expect(phraseTooCommon(phrase), phrase).toBe(true);
    for (const phrase of ['ошибка входа', 'Fehler beim Anmelden', '登不上去']) expect(phraseTooCommon(phrase), phrase).toBe(false);
    // What an accepted one does: every message saying "error" in any of those languages is its code's.
    const { detector } = sharedLookup();
    expect(detector.detect('у меня ошибка в дискорде', { phrases: [{ phrase: 'Fehler', code: 'auth:3' }] }).matches.map((m) => m.entry.code)).toEqual(['auth:3']);
  });
});
