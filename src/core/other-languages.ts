/**
 * The domain's words in the languages people in Spotify help servers most often write in besides
 * English (Chinese, Japanese, Russian, Spanish, Portuguese, German, French), each with the English
 * words the reference uses for it. Search reads a query with these written in English, so
 * "код ошибки 4" is "error code 4" and "登不上去" is about logging in. Terms, not sentences: a row is a
 * thing people say about an error, never one message.
 *
 * Each row: the English words; terms matched wherever they stand (CJK has no spaces between words;
 * a Cyrillic term that would occur inside longer words bounds its end); and terms matched as whole
 * words (Latin-script ones, and short Cyrillic ones: "бан" is not the end of "барабан"). Patterns
 * are over folded text (lower case, NFKC).
 */
export const GLOSSARY: ReadonlyArray<{ english: string; anywhere: readonly string[]; words?: readonly string[] }> = [
  {
    english: 'error code',
    anywhere: ['код(?:а|ом)? ошибки', '错误代码', '错误码', '錯誤代碼', '錯誤碼', 'エラーコード'],
    words: ['c[oó]digo de erro[r]?', 'fehlercode', "code d'erreur"],
  },
  {
    english: 'login',
    anywhere: ['登不上', '无法登录', '無法登入', '登录', '登陆', '登入', 'ログイン', 'войти', 'вход(?:а|ом|е|у)?(?!\\p{L})', 'залогин', 'авторизац'],
    words: ['iniciar sesi[oó]n', 'inicio de sesi[oó]n', 'fazer login', 'anmeld\\w*', 'einlogg\\w*', 'se connecter'],
  },
  {
    english: 'account',
    anywhere: ['账号', '账户', '帳號', '帳戶', 'アカウント', 'аккаунт', 'уч[её]тн\\S{0,12} запис'],
    words: ['cuenta', 'conta', 'konto', 'compte'],
  },
  // After "error code": the word alone ("ошибки 103" is "error 103").
  { english: 'error', anywhere: ['ошибк[аиуе]', '错误', '錯誤', 'エラー'], words: ['erro', 'fehler', 'erreur'] },
  { english: 'password', anywhere: ['密码', '密碼', 'パスワード', 'пароль'], words: ['contraseña', 'senha', 'passwort', 'mot de passe'] },
  {
    // Chinese settings say 国家/地区 ("country/region") for where an account is: 地区 is both.
    english: 'country region',
    anywhere: ['锁区', '地区', '地區'],
  },
  { english: 'country', anywhere: ['国家', '國家', 'стран[аеыу]'], words: ['país'] },
  { english: 'region', anywhere: ['区域', '地域', 'регион'], words: ['región', 'região', 'région'] },
  {
    english: 'offline connection',
    anywhere: ['离线', '離線', 'オフライン', 'офф?лайн'],
    words: ['sin conexi[oó]n', 'sem conex[aã]o', 'hors ligne', 'keine (?:internet)?verbindung'],
  },
  { english: 'internet connection', anywhere: ['网络', '網路', '網絡', 'インターネット', 'интернет'], words: ['internetverbindung', 'conexi[oó]n a internet'] },
  { english: 'firewall', anywhere: ['防火墙', '防火牆', 'ファイアウォール', 'брандмауэр', 'фаервол', 'файрвол'], words: ['cortafuegos'] },
  { english: 'proxy vpn', anywhere: ['代理', '节点', '節點', '翻墙', 'прокси', 'впн'] },
  {
    english: "can't play",
    anywhere: ['无法播放', '不能播放', '播放不了', '無法播放', '再生できません', 'не воспроизвод', 'не играет'],
    words: ['no se puede reproducir', 'n[aã]o (?:toca|reproduz)', 'impossible de lire'],
  },
  { english: 'spotify', anywhere: ['спотифай', 'спотик'] },
  // The words of the displayed messages and titles themselves: a localised dialog says them in its language.
  { english: 'profile', anywhere: ['个人资料', '個人資料', 'プロフィール'], words: ['perfil', 'profil', 'профил(?:ь|е|я|ю|ем|и)?'] },
  {
    english: 'match',
    anywhere: ['不符', '不一致', '不匹配', '一致しない', '一致しません', 'не совпада\\p{L}*', 'несоответстви\\p{L}*'],
    words: ['no coincid(?:e|en|ía|ió)', 'n[aã]o corresponde\\p{L}*', 'stimmt nicht [üu]berein', 'ne correspond pas'],
  },
  { english: 'abroad', anywhere: ['跨区', '跨區', '出国', '出國', '国外', '國外', '海外', 'за границ\\p{L}*', 'за рубеж\\p{L}*'], words: ['en el extranjero', 'im ausland', "à l'étranger"] },
  {
    english: 'update version',
    anywhere: ['更新', '升级', '升級', '版本', 'アップデート', 'バージョン', 'обнов\\p{L}*'],
    words: ['actualiz\\p{L}*', 'atualiz\\p{L}*', 'aktualisier\\p{L}*', 'mise à jour', 'верси(?:я|и|ю|ей)'],
  },
  { english: 'install', anywhere: ['安装', '安裝', 'インストール', 'установ\\p{L}*'], words: ['instal[ae]\\p{L}*', 'installier\\p{L}*'] },
  { english: 'device', anywhere: ['设备', '設備', '装置', '裝置', 'デバイス', 'устройств\\p{L}*'], words: ['dispositivo', 'ger[äa]t', 'appareil'] },
  { english: 'blocked', anywhere: ['屏蔽', '拦截', '攔截', '封锁', '封鎖', 'ブロック', 'блокир\\p{L}*', 'блокировк\\p{L}*'], words: ['bloque[ao]d[ao]', 'bloqueio', 'blockiert', 'bloqué'] },
  { english: 'unavailable', anywhere: ['不可用', '无法使用', '無法使用', '利用できません', 'недоступ\\p{L}*'], words: ['no disponible', 'indispon[ií]vel', 'nicht verf[üu]gbar', 'indisponible'] },
  { english: 'incorrect', anywhere: ['不正确', '不正確', '正しくない', 'невер(?:н|ен)\\p{L}*', 'неправильн\\p{L}*'], words: ['incorrect[ao]', 'incorret[ao]', 'falsch\\p{L}*', 'incorrecte'] },
  { english: 'username', anywhere: ['用户名', '用戶名', 'ユーザー名', 'имя пользователя'], words: ['nombre de usuario', 'nome de usu[aá]rio', 'benutzername', "nom d'utilisateur"] },
  { english: 'logged out', anywhere: ['退出登录', '登出', '被踢', 'ログアウト', 'разлогин\\p{L}*', 'выкин\\p{L}* из аккаунт\\p{L}*'], words: ['cerr[oó] (?:la )?sesi[oó]n', 'abgemeldet', 'déconnecté'] },
  { english: 'banned', anywhere: ['封号', '封號', '被封', '停用', 'アカウント停止', 'забанен\\p{L}*'], words: ['banead[ao]', 'suspendid[ao]', 'gesperrt', 'banni', 'бан'] },
  { english: 'email', anywhere: ['邮箱', '郵箱', '电子邮件', '電子郵件', 'メールアドレス', 'почт[аыуе](?!\\p{L})'], words: ['correo'] },
  { english: 'tabs', anywhere: ['标签页', '標籤頁', 'タブ', 'вкладк\\p{L}*'], words: ['pestañas', 'abas'] },
];

/** Other languages' words for "error" and "error code": a message with one may show a code (the detector's first pass lets it through). */
export const ERROR_WORDS: readonly string[] = GLOSSARY.filter((row) => row.english.startsWith('error')).flatMap((row) => [
  ...row.anywhere,
  // Latin-script words end where the word ends ("erro" is not the start of "error").
  ...(row.words ?? []).map((word) => `${word}(?![a-z0-9])`),
]);

const ENGLISH = GLOSSARY.map((row) => ` ${row.english} `);
const wholeWord = (word: string) => String.raw`(?<![\p{L}\p{N}])${word}(?![\p{L}\p{N}])`;
/** One pass, a group per row; whole words by Unicode letters (`\b` would take "é" for a word's end: "décompte" is not "compte"). */
const OTHER_LANGUAGE_TERMS = new RegExp(GLOSSARY.map((row) => `(${[...row.anywhere, ...(row.words ?? []).map(wholeWord)].join('|')})`).join('|'), 'gu');
/**
 * The same for text without a character beyond ASCII (most chat and every log): only the Latin-script
 * words can be there, a letter is a-z (the text is folded), and the pass without Unicode mode costs a
 * quarter of the other on long text.
 */
const ASCII_TERMS = new RegExp(
  String.raw`(?<![a-z0-9])(?:${GLOSSARY.map((row) => `(${row.words?.length ? row.words.map((w) => w.replaceAll(String.raw`\p{L}`, '[a-z]')).join('|') : '(?!)'})`).join('|')})(?![a-z0-9])`,
  'g',
);
const BEYOND_ASCII = /[^ -~\t\n\r]/;

/** The folded text with the domain's words of other languages written as the reference's English words. */
export function inEnglish(folded: string): string {
  const terms = BEYOND_ASCII.test(folded) ? OTHER_LANGUAGE_TERMS : ASCII_TERMS;
  return folded.replace(terms, (...groups: unknown[]) => ENGLISH[groups.slice(1, GLOSSARY.length + 1).findIndex((g) => g !== undefined)] ?? ' ');
}
