/**
 * Every text of the projector wall and the facilitator's tools, in one place
 * (as `ui/strings.ts` is for the rest of the client), so translating the wall
 * is a swap of this module. Danish only for now.
 */
import type { Icon } from '@vaegavis/shared'

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)

export const w = {
  // Facilitator panel
  panelLabel: 'Facilitering',
  showTools: 'Vis værktøjer',
  hideTools: 'Skjul værktøjer',

  // Themes
  themesHeading: 'Temaer',
  themeNameLabel: 'Navn på nyt tema',
  themeNamePlaceholder: 'F.eks. Mere at lave om aftenen',
  themeNameMissing: 'Giv temaet et navn.',
  createTheme: 'Opret tema',
  themeFromSelection: 'Nyt tema fra markering',
  themeFromSelectionHint: (n: number) =>
    n === 0
      ? 'Markér labels med Shift+klik, eller træk en ramme med Shift nede.'
      : `${n} ${plural(n, 'label', 'labels')} markeret.`,
  clearSelection: 'Fjern markering',
  toUnsorted: 'Flyt til usorteret',
  tidyUnsorted: 'Ryd op i usorteret',
  noThemes: 'Ingen temaer endnu. Træk labels ind i et tema, når du har oprettet det.',
  themeCount: (labels: number, answers: number) =>
    `${labels} ${plural(labels, 'label', 'labels')}${answers > 0 ? `, ${answers} ${plural(answers, 'svar', 'svar')}` : ''}`,
  rename: 'Omdøb',
  renameTheme: (name: string) => `Omdøb temaet ${name}`,
  renameLabel: 'Nyt navn',
  save: 'Gem',
  cancel: 'Annuller',
  collapse: 'Fold sammen',
  expand: 'Fold ud',
  collapseTheme: (name: string) => `Fold temaet ${name} sammen`,
  expandTheme: (name: string) => `Fold temaet ${name} ud`,
  deleteTheme: 'Slet',
  deleteThemeNamed: (name: string) => `Slet temaet ${name}`,
  deleteThemeConfirm: (name: string, n: number) =>
    n === 0
      ? `Slette temaet "${name}"?`
      : `Slette temaet "${name}"? ${n} ${plural(n, 'label', 'labels')} flyttes tilbage til usorteret – intet bliver slettet.`,
  deleteThemeYes: 'Ja, slet temaet',
  unsortedHeading: 'Usorteret',
  dropHere: 'Træk labels hertil',
  themeCollapsedCount: (n: number) => `${n} ${plural(n, 'label', 'labels')} – foldet sammen`,

  // Question
  questionHeading: 'Spørgsmål til hvert tema',
  questionLabel: 'Spørgsmålet',
  questionPlaceholder: 'Hvad kan vi gøre ved det?',
  questionSave: 'Gem spørgsmål',
  questionClear: 'Fjern spørgsmål',
  questionSaved: 'Spørgsmålet vises ved hvert tema.',
  questionTooLong: (max: number, over: number) => `Spørgsmålet er for langt – højst ${max} tegn. Fjern ${over} tegn.`,
  answersHeading: 'Svar',
  answerTag: 'Svar',

  // Legend
  legendHeading: 'Farver og betydning',
  meaningLabel: 'Betydning',
  colourLegend: (meaning: string) => `Farve for ${meaning}`,
  iconLabel: 'Form',
  removeCategory: 'Fjern',
  removeCategoryNamed: (meaning: string) => `Fjern ${meaning}`,
  categoryInUse: (n: number) =>
    `Bruges af ${n} ${plural(n, 'label', 'labels')} – kan ikke fjernes. Giv den en ny betydning i stedet.`,
  lastCategory: 'Væggen skal have mindst én farve.',
  newCategoryLabel: 'Ny farve betyder',
  newCategoryPlaceholder: 'F.eks. Spørgsmål',
  addCategory: 'Tilføj farve',
  legendFull: 'Alle farver er i brug.',
  meaningMissing: 'Skriv hvad farven betyder.',
  colourNames: {
    '#D55E00': 'Rødorange',
    '#56B4E9': 'Himmelblå',
    '#F0E442': 'Gul',
    '#009E73': 'Blågrøn',
    '#E69F00': 'Orange',
    '#CC79A7': 'Rosa',
    '#0072B2': 'Blå',
  } as Record<string, string>,
  iconNames: {
    triangle: 'Trekant',
    circle: 'Cirkel',
    star: 'Stjerne',
    square: 'Firkant',
    diamond: 'Rombe',
    heart: 'Hjerte',
  } satisfies Record<Icon, string>,

  // Voting
  voteHeading: 'Afstemning',
  voteOn: 'Stem på',
  voteOnLabels: 'Labels',
  voteOnThemes: 'Temaer',
  dotsLabel: 'Prikker pr. deltager',
  startVote: 'Start afstemning',
  closeVote: 'Afslut afstemning',
  voteOpen: (target: 'labels' | 'themes', dots: number) =>
    `Afstemning i gang på ${target === 'labels' ? 'labels' : 'temaer'}: ${dots} ${plural(dots, 'prik', 'prikker')} hver.`,
  voteClosed: (total: number) => `Afstemningen er slut. ${total} ${plural(total, 'prik', 'prikker')} i alt.`,
  voteTotal: (total: number) => `${total} ${plural(total, 'prik', 'prikker')} sat indtil nu.`,
  sortByVotes: 'Sortér efter stemmer',
  hideRanking: 'Skjul stemmeliste',
  rankingHeading: 'Flest stemmer',
  rankingEmpty: 'Ingen stemmer endnu.',
  votesOf: (n: number) => `${n} ${plural(n, 'stemme', 'stemmer')}`,

  // Frame
  frameHeading: 'Rammen',
  lock: 'Lås væggen',
  unlock: 'Lås væggen op',
  lockedNow: 'Væggen er låst: ingen kan skrive eller flytte.',
  participantsMayMove: 'Deltagerne må flytte labels',
  privateWriting: 'Skriv hver for sig (skjult til I afslører)',
  reveal: (n: number) => `Afslør (${n})`,
  revealHint: (n: number) =>
    n === 0 ? 'Ingen har skrevet endnu.' : `${n} ${plural(n, 'label venter', 'labels venter')} på at blive afsløret.`,
  revealed: (n: number) => `${n} ${plural(n, 'label', 'labels')} afsløret.`,
  approveFirst: 'Godkend labels før de vises',
  queueHeading: (n: number) => `Venter på godkendelse (${n})`,
  queueEmpty: 'Ingen labels venter.',
  approve: 'Godkend',
  reject: 'Afvis',
  approveNamed: (text: string) => `Godkend: ${text}`,
  rejectNamed: (text: string) => `Afvis: ${text}`,
  heldOffline: 'Køen kan ikke hentes lige nu – prøver igen…',

  // Timer
  timerHeading: 'Tid',
  timerStart: (min: number) => `${min} minutter`,
  timerStartNamed: (min: number) => `Start ${min} minutter`,
  timerStop: 'Stop tiden',
  timerLabel: 'Tid tilbage',
  timerDone: 'Tiden er gået',

  // Moderation
  moderationHeading: 'Valgte labels',
  nothingSelected: 'Klik på en label for at vælge den.',
  hide: 'Skjul',
  show: 'Vis igen',
  remove: 'Fjern',
  removeConfirm: (n: number) => `Fjerne ${n} ${plural(n, 'label', 'labels')} for altid? Det kan ikke fortrydes.`,
  removeYes: 'Ja, fjern',
  hiddenHeading: (n: number) => `Skjulte labels (${n})`,
  hiddenEmpty: 'Ingen skjulte labels.',
  hiddenMark: 'skjult',

  // Projector
  projectorHeading: 'Projektor',
  projectorMode: 'Projektortilstand',
  leaveProjector: 'Afslut projektortilstand',
  fullscreen: 'Fuld skærm',
  followMe: 'Følg mig',
  followMeOn: 'Følg mig er slået til: andre skærme viser det, du viser.',
  stopFollowMe: 'Stop Følg mig',
  following: 'Følger facilitatoren',
  stopFollowing: 'Følg ikke',
  resumeFollowing: 'Følg facilitatoren',
  fitAll: 'Vis alle',

  // Pulse
  pulseLabel: 'Deltagelse',
  pulseConnected: (n: number) => `${n} med`,
  pulsePosted: (n: number) => `${n} har skrevet`,

  // List view (the wall as semantic HTML) and keyboard moving
  listView: 'Liste',
  listViewOn: 'Vis væggen som liste',
  listRegion: 'Væggen som liste',
  listEmpty: 'Der er ingen labels på væggen endnu.',
  listThemeCount: (n: number) => `${n} ${plural(n, 'label', 'labels')}`,
  listLabels: (theme: string) => `Labels i ${theme}`,
  listAnswers: (theme: string) => `Svar om ${theme}`,
  listQuestion: 'Spørgsmål',
  listBy: (nickname: string) => `skrevet af ${nickname}`,
  listCollapsed: 'Foldet sammen på væggen',
  selectLabel: (text: string) => `Vælg ${text}`,
  moveToTheme: 'Flyt til tema',
  moveToThemeFor: (text: string) => `Flyt „${text}“ til tema`,
  moveButton: 'Flyt',
  moveButtonFor: (text: string) => `Flyt „${text}“`,
  moveUnsorted: 'Usorteret',
  moved: (text: string, theme: string) => `„${text}“ er flyttet til ${theme}.`,
  highContrast: 'Høj kontrast',

  // Errors
  actionFailed: 'Det lykkedes ikke. Prøv igen.',
  lockedBadge: 'Låst',
} as const
