/**
 * Every text the user sees, in one place, so translating the client is a
 * swap of this module. Danish only for now.
 */
export const t = {
  appName: 'Vægavis',
  pageLoading: 'Henter…',

  // Start page
  startHeading: 'Vægavis',
  startLead: 'Skriv dine tanker på væggen – fra din egen telefon.',
  joinCodeLabel: 'Skriv koden fra væggen',
  joinCodeHint: 'Koden har 6 tegn og står på væggen.',
  joinCodeInvalid: 'Koden skal være 6 tegn. Tjek koden på væggen.',
  joinCodeSubmit: 'Videre',
  iAmFacilitator: 'Jeg er facilitator',

  // Login
  loginHeading: 'Log ind som facilitator',
  emailLabel: 'E-mail',
  passwordLabel: 'Adgangskode',
  loginSubmit: 'Log ind',
  loginBusy: 'Logger ind…',
  loginWrong: 'Forkert e-mail eller adgangskode. Prøv igen.',
  backToStart: 'Tilbage til forsiden',

  // Dashboard
  boardsHeading: 'Dine vægge',
  boardsEmpty: 'Du har ingen vægge endnu. Opret den første herunder.',
  boardsLoading: 'Henter dine vægge…',
  newBoardHeading: 'Ny væg',
  newBoardTitleLabel: 'Titel',
  newBoardTitlePlaceholder: 'F.eks. Hvad skal vi lave i klubben?',
  newBoardSubmit: 'Opret væg',
  newBoardTitleMissing: 'Giv væggen en titel.',
  joinCodeColumn: 'Kode',
  createdColumn: 'Oprettet',
  openWall: 'Åbn væg',
  logout: 'Log ud',
  loggedInAs: (email: string) => `Logget ind som ${email}`,

  // Connection
  statusOnline: 'Online',
  statusOffline: 'Offline – prøver igen…',
  statusConnecting: 'Forbinder…',
  statusClosed: 'Afbrudt',
  closeReason: (code: number | undefined): string => {
    switch (code) {
      case 4401:
        return 'Din adgang til væggen er udløbet.'
      case 4403:
        return 'Væggen afviste en ændring. Måske er væggen blevet låst.'
      case 4404:
        return 'Væggen findes ikke længere.'
      case 4409:
        return 'Appen er blevet opdateret. Genindlæs siden.'
      case 4413:
        return 'Væggen er fuld, eller du har skrevet så mange labels, som man kan.'
      case 4429:
        return 'For mange ændringer på kort tid. Vent lidt og genindlæs siden.'
      case 1009:
        return 'Ændringen var for stor til at blive gemt.'
      default:
        return 'Forbindelsen til væggen blev afbrudt.'
    }
  },
  reconnect: 'Forbind igen',
  reload: 'Genindlæs siden',

  // Wall (projector)
  wallLoading: 'Henter væggen…',
  wallNotFound: 'Væggen findes ikke, eller du har ikke adgang til den.',
  wallJoinAt: (host: string) => `Gå til ${host} og skriv koden`,
  wallQrAlt: (code: string) => `QR-kode til at deltage med koden ${code}`,
  wallLegendHeading: 'Farverne betyder',
  zoomIn: 'Zoom ind',
  zoomOut: 'Zoom ud',
  zoomFit: 'Vis alle',
  hidePanel: 'Skjul kode',
  showPanel: 'Vis kode',
  backToBoards: 'Dine vægge',
  wallCanvasLabel: 'Væggen med labels',

  // Phone
  phoneLoading: 'Henter væggen…',
  phoneUnknownCode: 'Koden findes ikke. Tjek koden på væggen og prøv igen.',
  phoneTryAnotherCode: 'Skriv en anden kode',
  nicknameLabel: 'Kaldenavn (valgfrit)',
  nicknameHint: 'Du kan være anonym. Skriv ikke dit fulde navn.',
  nicknameTooLong: (max: number) => `Dit kaldenavn er for langt – højst ${max} tegn.`,
  joinSubmit: 'Deltag',
  joinBusy: 'Deltager…',
  pickCategory: 'Vælg farve',
  pickCategoryFirst: 'Vælg en farve først.',
  labelTextLabel: 'Din label',
  labelPlaceholder: 'Skriv din tanke her…',
  counter: (n: number, max: number) => `${n}/${max}`,
  tooLong: (max: number, over: number) => `Din label er for lang – højst ${max} tegn. Fjern ${over} tegn.`,
  send: 'Send',
  sent: 'Sendt – din label er på vej op på væggen.',
  sentHeld: 'Sendt – den kommer op på væggen, når facilitator viser den.',
  locked: 'Væggen er låst. Du kan ikke skrive eller stemme lige nu.',
  privateWritingOn: 'Skriv i fred: ingen ser dine labels, før facilitator viser dem alle sammen.',
  approveFirstOn: 'Facilitator kigger dine labels igennem, før de kommer op på væggen.',
  myLabels: 'Dine labels',
  myLabelsEmpty: 'Du har ikke skrevet noget endnu.',
  saving: 'Gemmer…',
  saved: 'Gemt ✓',
  notSaved: 'Ikke gemt',
  heldWaiting: 'Venter på at blive vist',
  rejected: 'Ikke godkendt',
  answerTo: (theme: string) => `Svar om ${theme}`,
  hiddenByFacilitator: 'Skjult af facilitator',
  joinAgain: 'Deltag igen',
  writingAs: (nickname: string) => `Du skriver som ${nickname}`,
  waitingForBoard: 'Venter på væggen…',
  tabsLabel: 'Hvad vil du?',
  tabWrite: 'Skriv',
  tabAnswer: 'Spørgsmål',
  tabVote: 'Stem',
  voteOpenBadge: '(åben)',
  answersHeading: 'Spørgsmål til temaerne',
  answersHint: 'Svar på spørgsmålet for hvert tema – så mange gange du vil.',
  answerLabel: (theme: string) => `Dit svar om ${theme}`,
  answerPlaceholder: 'Skriv dit svar her…',
  sendAnswer: 'Send svar',
  voteOpen: 'Afstemningen er åben.',
  goVote: 'Gå til afstemningen',
  voteHeadingLabels: 'Stem på labels',
  voteHeadingThemes: 'Stem på temaer',
  dotsLeft: (n: number) =>
    n === 0 ? 'Du har brugt alle dine prikker' : n === 1 ? 'Du har 1 prik tilbage' : `Du har ${n} prikker tilbage`,
  vote: 'Giv en prik',
  unvote: 'Tag en prik tilbage',
  myDots: 'Dine prikker her:',
  voteClosed: 'Afstemningen er lukket. Tak for dine prikker!',
  voteOffline: 'Du er offline. Du kan stemme igen, når forbindelsen er tilbage.',
  voteNothing: 'Der er ikke noget at stemme på endnu.',
  noTheme: 'Uden tema',
  timeLeft: 'Tid tilbage:',
  timeUp: 'Tiden er gået',

  // Errors
  networkError: 'Ingen forbindelse. Tjek dit netværk og prøv igen.',
  rateLimited: 'For mange forsøg. Vent lidt og prøv igen.',
  genericError: 'Noget gik galt. Prøv igen.',
  retry: 'Prøv igen',
  notFoundHeading: 'Siden findes ikke',
  notFoundLink: 'Gå til forsiden',
} as const
