import { z } from 'zod';

/**
 * Default chapter heading patterns: "Unit 3", "UNIT-3", "UNIT -1 LAWS OF MOTION", "Chapter 3", Tamil "அலகு 3",
 * "பாடம் 3"; in other languages with the number in digits: "अध्याय 3", "పాఠం 3", "ಅಧ್ಯಾಯ 3", "Глава 3", "Capítulo 3",
 * "第3章", "제3장".
 */
export const DEFAULT_CHAPTER_PATTERNS = [
  '^(?:unit|chapter|lesson)\\s*[-–—:.]?\\s*(\\d{1,3})\\b[\\s\\-–—:.]*(.*)$',
  '^(?:அலகு|பாடம்|இயல்)\\s*[-–—:.]?\\s*(\\d{1,3})\\b[\\s\\-–—:.]*(.*)$',
  '^(?:अध्याय|पाठ|प्रकरण|অধ্যায়|পাঠ|అధ్యాయం|పాఠం|ಅಧ್ಯಾಯ|ಪಾಠ|അധ്യായം|പാഠം|પ્રકરણ|પાઠ|capítulo|capitulo|chapitre|kapitel|capitolo|hoofdstuk|rozdział|kapitola|fejezet|bölüm|bab|глава|урок|lección|leçon|lektion|lezione|unidad|unidade|unité)\\s*[-–—:.]?\\s*(\\d{1,3})(?![\\p{L}\\p{N}])[\\s\\-–—:.]*(.*)$',
  '^第\\s*(\\d{1,3})\\s*[章课課回][\\s:：]*(.*)$',
  '^제\\s*(\\d{1,3})\\s*[장과][\\s:.]*(.*)$',
];

/** Default topic number pattern: "3.1", "3.1.2", optionally followed by a dot. */
export const DEFAULT_TOPIC_NUMBER_PATTERN = '^(\\d{1,3}(?:\\.\\d{1,3}){1,4})\\.?(?![\\d])\\s*(.*)$';

/**
 * Titles that mark a section kind. A pattern names a kind only when it is the whole title, after the
 * book's own designator ("1.2", "Subsection EXC:") and before an optional number ("Activity 3",
 * "Exercise 2.1: …"): "Exercises" and "1.2 Solved Problems" are kinds, "Exercise your copyright" is a topic.
 */
export const DEFAULT_KIND_PATTERNS = {
  'solved-problems': [
    'solved\\s*(?:problems?|examples?)',
    'worked\\s+examples?',
    'examples?',
    'தீர்க்கப்பட்ட\\s*\\S*',
    'ejemplos\\s+resueltos',
    'exemples\\s+résolus',
    '例题',
  ],
  exercises: [
    'text\\s*book\\s*evaluation',
    'exercises?',
    'evaluation',
    '(?:reading\\s+|review\\s+)?questions',
    'problems',
    'check\\s+your\\s+progress',
    'check\\s+your\\s+understanding',
    '(?:critical[\\s-]+thinking|conceptual|practice|discussion|end[\\s-]+of[\\s-]+(?:chapter|unit)|in[\\s-]?text|additional|self[\\s-]+assessment)\\s+questions?',
    '(?:problems?|questions?)\\s*(?:&|and)\\s*exercises?|exercises?\\s*(?:&|and)\\s*(?:problems?|questions?)',
    'practice\\s+(?:problems?|exercises?)',
    'test\\s+prep(?:\\s+for\\s+ap®?\\s+courses)?',
    'self[\\s-]+(?:check|test)',
    '(?:chapter\\s+|unit\\s+|section\\s+)?assessments?',
    'மதிப்பீடு',
    'பயிற்சி(?:கள்)?',
    'अभ्यास',
    'स्वाध्याय',
    'સ્વાધ્યાય',
    'অনুশীলনী',
    'అభ్యాసం',
    'ಅಭ್ಯಾಸ',
    'प्रश्नावली',
    'ejercicios',
    'exercices',
    'übungen',
    'упражнения',
    '练习题?|習題|习题|練習問題|演習問題',
    '연습\\s*문제',
    'تمارين',
  ],
  summary: [
    'points\\s+to\\s+remember',
    '(?:chapter\\s+|visual\\s+)?summary',
    'section\\s+summary',
    'key\\s+concepts\\s+and\\s+summary',
    'concept\\s+map',
    'கருத்து\\s*வரைபடம்',
    'key\\s+(?:points|takeaways?)',
    'what\\s+you\\s+have\\s+learn[te]d?',
    'நினைவில்\\s*\\S*',
    'सारांश',
    'સારાંશ',
    'সারসংক্ষেপ',
    'సారాంశం',
    'ಸಾರಾಂಶ',
    'സംഗ്രഹം',
    'resumen',
    'résumé',
    'zusammenfassung',
    '(?:本章)?小结|まとめ|요약',
    'ملخص|الخلاصة',
  ],
  activity: [
    'activit(?:y|ies)',
    'practicals?',
    'experiments?',
    '(?:student|group|class(?:room)?|hands[\\s-]+on)\\s+activit(?:y|ies)',
    'do\\s+it\\s+yourself',
    'செயல்பாடு',
    'क्रियाकलाप',
    'कृती',
    'પ્રવૃત્તિ',
    'কার্যকলাপ',
    'కృత్యం',
    'ಚಟುವಟಿಕೆ',
    'പ്രവർത്തനം',
    'actividad(?:es)?',
    'activités?',
    '活动|活動',
    '활동',
    'نشاط',
  ],
  glossary: [
    'glossary',
    'key\\s+terms',
    'key\\s*words',
    'கலைச்சொற்கள்',
    'சொற்களஞ்சியம்',
    'शब्दावली',
    'glosario',
    'glossaire',
    'glossar',
    'глоссарий',
    '术语表|用語集',
    'مسرد',
  ],
  'front-matter': [
    'preface',
    'foreword',
    'acknowledg(?:e)?ments?',
    'about\\s+the\\s+(?:authors?|editors?)',
    'about\\s+(?:this|the)\\s+(?:book|textbook)',
    'how\\s+to\\s+use\\s+(?:this|the)\\s+(?:book|textbook)',
    'dedication',
    '(?:half[\\s-]+)?title\\s+page',
    'copyright\\s+(?:page|notice)',
    'epigraph',
    'imprint',
    'praise\\s+for\\s.*',
    '(?:also|other\\s+books)\\s+by\\s.*',
    'about\\s+the\\s+publisher',
    'முன்னுரை',
    'प्रस्तावना',
    'prefacio',
    'préface|avant-propos',
    'vorwort',
    'prefazione',
  ],
  other: [
    'learning\\s*objectives?',
    '(?:chapter\\s+)?notes?',
    'references?',
    'bibliography',
    'index',
    'further\\s+reading',
    'colophon',
    // A publisher's or author's pages of other books after the text (Feedbooks' "Loved this book?").
    'similar\\s+books',
    '(?:more|other)\\s+books(?:\\s+to\\s+read)?',
    '(?:books\\s+)?you\\s+(?:may|might)\\s+also\\s+(?:like|enjoy)',
    'loved\\s+this\\s+book\\b.*',
    'thank(?:s|\\s+you)\\s+for\\s+reading\\b.*',
    'suggested\\s+readings?',
    'reference\\s+books',
    '(?:ict|internet)\\s+(?:corner|resources)',
    'மேற்கோள்\\s*நூல்கள்',
    'இணைய\\s*(?:வளங்கள்|இணைப்புகள்)',
    'இணையச்\\s*செயல்பாடு',
    'கற்றல்\\s+நோக்கங்கள்',
    'answers?(?:\\s+key)?',
    'answers\\s+to\\s+(?:the\\s+)?(?:exercises|questions|problems)',
    'hints\\s+and\\s+answers',
    '(?:the\\s+)?full\\s+project\\s+gutenberg(?:™|\\s*tm)?\\s+licen[cs]e',
    'விடைகள்',
    'उत्तरमाला',
  ],
} as const;

/** Limits checked on the zip's central directory before anything is inflated. */
export const ExtractLimitsSchema = z
  .object({
    /** Largest uncompressed size of one entry, bytes. */
    maxEntryBytes: z
      .number()
      .int()
      .positive()
      .default(256 * 1024 * 1024),
    /** Largest uncompressed size of the whole book, bytes. */
    maxTotalBytes: z
      .number()
      .int()
      .positive()
      .default(2 * 1024 * 1024 * 1024),
    /** Largest compression ratio of an entry over 1 MiB uncompressed. */
    maxRatio: z.number().positive().default(100),
    /** Most entries in the zip. */
    maxEntries: z.number().int().positive().default(20_000),
  })
  .strict();
export type ExtractLimits = z.infer<typeof ExtractLimitsSchema>;

/** Options of the extract stage; the `extract` section of kalvimate.config.json. */
export const ExtractOptionsSchema = z
  .object({
    /** Regexes (case-insensitive) whose group 1 is the chapter number and group 2 the title (may be empty). */
    chapterPatterns: z.array(z.string()).default([...DEFAULT_CHAPTER_PATTERNS]),
    /** Regex whose group 1 is the topic number and group 2 the title. */
    topicNumberPattern: z.string().default(DEFAULT_TOPIC_NUMBER_PATTERN),
    /** Extra titles per kind, added to the defaults; each must match the whole title (see DEFAULT_KIND_PATTERNS). */
    kindPatterns: z.record(z.string(), z.array(z.string())).default({}),
    limits: ExtractLimitsSchema.default(ExtractLimitsSchema.parse({})),
    /** No topic is longer than this many tokens (core's tokenizer): a longer section is cut into parts. */
    maxTopicTokens: z.number().int().min(200).default(4000),
  })
  .strict();
export type ExtractOptions = z.infer<typeof ExtractOptionsSchema>;
export type ExtractOptionsInput = z.input<typeof ExtractOptionsSchema>;
