"""Demo lesson content for Leerplek, written in plain Dutch (B1 and "Makkelijk lezen").

Pure data: three learning packages with competences, lesson cards and practice tasks.
The ``flask demo-data`` command loads this into the database.

Text format for ``body``, ``easy_body`` and ``instruction``: plain text, paragraphs
separated by a blank line, bullet lists as consecutive lines starting with "- ",
and **bold** used sparingly. No HTML, links or emoji.

A competence that is a work process of an mbo qualification names it in ``sbb_code`` and
``sbb_name`` (the qualification in brackets), as an editor would for a praktijkverklaring:
the SBB kwalificatiedossiers Logistiek (Logistiek medewerker, niveau 2) and Facilitaire
dienstverlening (Medewerker facilitaire dienstverlening, niveau 2). Ways of working that run
through every work process (protective gear, acting on danger, saving material, reuse) and the
digital skills are not work processes of their own, so they have no code. The codes were written
from memory without access to s-bb.nl: check them against the current dossiers before a real
praktijkverklaring relies on them.
"""

PACKAGES: list[dict] = [
    {
        "slug": "veilig-werken",
        "title": "Veilig werken",
        "description": (
            "Je leert hoe je veilig werkt. Zo voorkom je ongelukken, bij jezelf en bij je "
            "collega's."
        ),
        "competences": [
            {
                "key": "pbm",
                "name": "Beschermingsmiddelen gebruiken",
                "description": (
                    "Je draagt de juiste werkschoenen, handschoenen en gehoorbescherming. Je "
                    "controleert of ze heel zijn."
                ),
            },
            {
                "key": "tillen",
                "name": "Gezond tillen",
                "sbb_code": "B1-K1-W2",
                "sbb_name": "Slaat goederen op (Logistiek medewerker)",
                "description": (
                    "Je tilt en draagt op een manier die je rug spaart. Je vraagt hulp als iets "
                    "te zwaar is."
                ),
            },
            {
                "key": "gevaar",
                "name": "Handelen bij gevaar",
                "description": (
                    "Je meldt onveilige situaties en ongelukken. Je weet wat je doet bij brand "
                    "of ontruiming."
                ),
            },
        ],
        "cards": [
            {
                "title": "Werkschoenen en handschoenen",
                "body": (
                    "Bij veel werk heb je persoonlijke beschermingsmiddelen nodig. Dat zijn "
                    "spullen die je lichaam beschermen. Vaak zeggen we kort: pbm.\n\n"
                    "Werkschoenen hebben een stevige neus. Die beschermt je tenen als er iets "
                    "op valt. De zool is stroef, zodat je minder snel uitglijdt.\n\n"
                    "Handschoenen beschermen je handen. Er zijn verschillende soorten:\n"
                    "- tegen snijden, bijvoorbeeld bij glas of metaal;\n"
                    "- tegen vuil en schoonmaakmiddelen;\n"
                    "- tegen kou, bijvoorbeeld in de koelcel.\n\n"
                    "Kies de handschoen die past bij je werk. Twijfel je? Vraag het dan aan je "
                    "leidinggevende.\n\n"
                    "Is je pbm kapot of versleten? Gebruik het dan niet meer. Meld het en vraag "
                    "om een nieuwe."
                ),
                "easy_body": (
                    "Draag altijd je werkschoenen. Ze beschermen je tenen. Je glijdt er minder "
                    "snel mee uit.\n\n"
                    "Draag handschoenen bij:\n"
                    "- glas of scherpe spullen\n"
                    "- vuil werk\n"
                    "- schoonmaakmiddel\n\n"
                    "Twijfel je? Vraag het je leidinggevende.\n\n"
                    "Is iets kapot? Gebruik het niet meer. Vraag om een nieuwe."
                ),
                "task": {
                    "title": "Controleer je werkschoenen en handschoenen",
                    "instruction": (
                        "Kijk voor je begint goed naar je werkschoenen en handschoenen. Zijn ze "
                        "heel en passen ze goed? Is er iets kapot? Meld het dan aan je "
                        "leidinggevende."
                    ),
                    "competences": ["pbm"],
                },
            },
            {
                "title": "Bescherm je oren",
                "body": (
                    "Veel lawaai is slecht voor je oren. Dat gaat langzaam en je merkt het vaak "
                    "niet. Schade aan je gehoor gaat nooit meer over.\n\n"
                    "Denk aan een bladblazer in de kwekerij of een slijpmachine bij de "
                    "fietsenmaker. Ook een grasmaaier of een boormachine maakt veel lawaai.\n\n"
                    "Moet je hard praten om een collega te verstaan? Dan is het geluid te hard. "
                    "Draag dan gehoorbescherming. Dat zijn oordoppen of oorkappen. Oorkappen "
                    "lijken op een koptelefoon.\n\n"
                    "Rol oordoppen eerst dun tussen je vingers. Stop ze dan diep in je oor en "
                    "wacht even. Gebruik wegwerpdoppen maar één keer. Houd oorkappen schoon en "
                    "droog."
                ),
                "easy_body": (
                    "Veel lawaai is slecht voor je oren. Je merkt het pas later. Dan is het te "
                    "laat.\n\n"
                    "Moet je hard praten tegen een collega? Dan is het te hard. Draag dan "
                    "oordoppen of oorkappen.\n\n"
                    "Rol oordoppen dun. Stop ze diep in je oor. Gebruik wegwerpdoppen maar één "
                    "keer."
                ),
                "task": {
                    "title": "Zoek je gehoorbescherming",
                    "instruction": (
                        "Zoek op je werkplek waar de oordoppen of oorkappen liggen. Draag ze "
                        "vandaag bij elk apparaat dat veel lawaai maakt."
                    ),
                    "competences": ["pbm"],
                },
            },
            {
                "title": "Tillen zonder rugpijn",
                "body": (
                    "Veel rugpijn komt door verkeerd tillen. Met een goede houding bescherm je "
                    "je rug.\n\n"
                    "Kijk eerst hoe zwaar iets is. Til de doos of krat een klein stukje op. Is "
                    "het te zwaar? Vraag dan een collega om hulp. Of gebruik een steekwagen, "
                    "een karretje met twee wielen.\n\n"
                    "Zo til je goed:\n"
                    "- Ga met je voeten een beetje uit elkaar staan, dicht bij de doos.\n"
                    "- Buig door je knieën, niet door je rug.\n"
                    "- Houd je rug recht en de doos dicht tegen je lichaam.\n"
                    "- Til rustig op met de kracht uit je benen.\n"
                    "- Draai niet met je rug, maar met je voeten.\n\n"
                    "Zet de doos op dezelfde manier weer neer. Ook dan buig je door je knieën."
                ),
                "easy_body": (
                    "Til je iets zwaars? Let dan op je rug.\n\n"
                    "- Ga dicht bij de doos staan.\n"
                    "- Buig door je knieën.\n"
                    "- Houd je rug recht.\n"
                    "- Houd de doos tegen je buik.\n"
                    "- Til met je benen.\n"
                    "- Draai met je voeten, niet met je rug.\n\n"
                    "Is het te zwaar? Vraag een collega om hulp. Of gebruik een karretje."
                ),
                "task": {
                    "title": "Til een doos op de goede manier",
                    "instruction": (
                        "Til vandaag een doos of krat op zoals op de kaart staat. Vraag een "
                        "collega of jobcoach om naar je houding te kijken."
                    ),
                    "competences": ["tillen"],
                },
            },
            {
                "title": "Zie je gevaar? Meld het",
                "body": (
                    "Een onveilige situatie kan leiden tot een ongeluk. Denk aan een natte "
                    "vloer zonder waarschuwingsbord. Of een kapotte ladder, een losse kabel of "
                    "dozen voor de nooduitgang.\n\n"
                    "Zie je zoiets? Los het op als dat veilig en makkelijk kan. Zet "
                    "bijvoorbeeld een bord 'Pas op, natte vloer' neer. Of ruim de dozen op.\n\n"
                    "Kun je het niet zelf oplossen? Meld het dan meteen aan je leidinggevende. "
                    "Vertel wat je zag en waar het is.\n\n"
                    "Melden is geen zeuren. Je helpt er juist je collega's mee. Soms voelt "
                    "melden lastig, bijvoorbeeld als je de taal nog leert. Laat het gevaar dan "
                    "gewoon zien."
                ),
                "easy_body": (
                    "Zie je gevaar? Bijvoorbeeld:\n"
                    "- een natte vloer\n"
                    "- een kapotte ladder\n"
                    "- dozen voor de nooduitgang\n\n"
                    "Kun je het veilig oplossen? Doe het dan. Kan dat niet? Zeg het meteen "
                    "tegen je leidinggevende. Zeg wat je zag. Zeg waar het is. Weet je de "
                    "woorden niet? Wijs het dan aan.\n\n"
                    "Zo help je je collega's."
                ),
                "task": {
                    "title": "Zoek één onveilige situatie",
                    "instruction": (
                        "Loop vandaag met open ogen over je werkplek. Zie je iets wat niet "
                        "veilig is? Los het veilig op of meld het aan je leidinggevende."
                    ),
                    "competences": ["gevaar"],
                },
            },
            {
                "title": "Brand of ontruiming: wat doe je?",
                "body": (
                    "Bij brand of ander groot gevaar moet iedereen het gebouw uit. Dat heet een "
                    "ontruiming. Je hoort dan een alarm, of iemand roept het om.\n\n"
                    "Zo doe je het:\n"
                    "- Stop met je werk en laat je spullen liggen.\n"
                    "- Loop rustig naar de dichtstbijzijnde nooduitgang. Volg de groene "
                    "bordjes.\n"
                    "- Gebruik nooit de lift.\n"
                    "- Ga naar het verzamelpunt. Dat is een vaste plek buiten.\n"
                    "- Blijf daar tot de BHV'er zegt dat je weg mag.\n\n"
                    "Een BHV'er is een collega die heeft geleerd om te helpen bij nood. BHV "
                    "betekent bedrijfshulpverlening.\n\n"
                    "Zie je zelf brand? Druk dan op de brandmelder of waarschuw een BHV'er. Is "
                    "er gevaar voor mensen? Bel dan 112."
                ),
                "easy_body": (
                    "Hoor je het alarm? Dan moet iedereen naar buiten.\n\n"
                    "- Stop met je werk.\n"
                    "- Laat je spullen liggen.\n"
                    "- Loop rustig naar de nooduitgang.\n"
                    "- Volg de groene bordjes.\n"
                    "- Neem nooit de lift.\n"
                    "- Ga naar het verzamelpunt buiten.\n"
                    "- Wacht daar op de BHV'er.\n\n"
                    "Zie je zelf brand? Druk op de brandmelder. Of roep een BHV'er."
                ),
                "task": {
                    "title": "Zoek de nooduitgang en het verzamelpunt",
                    "instruction": (
                        "Zoek de nooduitgang die het dichtst bij je werkplek is. Vraag een "
                        "collega waar het verzamelpunt is en loop er één keer naartoe."
                    ),
                    "competences": ["gevaar"],
                },
            },
            {
                "title": "Een ongeluk of bijna-ongeluk melden",
                "body": (
                    "Ben je gewond geraakt? Laat je dan eerst helpen door een BHV'er. Meld het "
                    "ongeluk daarna altijd aan je leidinggevende. Ook een klein sneetje of een "
                    "verzwikte enkel telt.\n\n"
                    "Meld ook een bijna-ongeluk. Dat is iets wat bijna fout ging. Er viel "
                    "bijvoorbeeld een zware doos vlak naast je voet. Of je gleed bijna uit op "
                    "een natte vloer.\n\n"
                    "Waarom is dat belangrijk? Door je melding kan je werkgever het gevaar "
                    "weghalen. Zo gebeurt er de volgende keer geen echt ongeluk.\n\n"
                    "Vertel bij je melding:\n"
                    "- wat er gebeurde;\n"
                    "- waar en wanneer het was;\n"
                    "- wie erbij waren.\n\n"
                    "Melden is geen klikken. Het helpt iedereen."
                ),
                "easy_body": (
                    "Heb je een ongeluk gehad? Laat je eerst helpen. Zeg het daarna tegen je "
                    "leidinggevende. Ook als het klein is.\n\n"
                    "Ging het bijna mis? Meld dat ook. Bijvoorbeeld: er viel bijna een doos.\n\n"
                    "Zeg:\n"
                    "- wat er gebeurde\n"
                    "- waar het was\n"
                    "- wie erbij was\n\n"
                    "Melden is geen klikken. Zo voorkom je een echt ongeluk."
                ),
                "task": {
                    "title": "Oefen het melden van een bijna-ongeluk",
                    "instruction": (
                        "Denk aan iets wat op je werk bijna misging. Vertel je leidinggevende "
                        "of jobcoach wat er gebeurde. Zeg ook waar het was en wie erbij waren."
                    ),
                    "competences": ["gevaar"],
                },
            },
        ],
    },
    {
        "slug": "digitaal-werken",
        "title": "Digitaal werken: je rooster en je loonstrook op je telefoon",
        "description": (
            "Je leert de app van je werk veilig gebruiken. Je bekijkt je rooster, meldt je ziek "
            "en leest je loonstrook."
        ),
        "competences": [
            {
                "key": "veilig-online",
                "name": "Veilig online",
                "description": (
                    "Je houdt je wachtwoord geheim en kiest een sterk wachtwoord. Je herkent "
                    "nepberichten."
                ),
            },
            {
                "key": "werk-app",
                "name": "De werk-app gebruiken",
                "description": "Je logt zelf in, bekijkt je rooster en weet hoe je je ziek meldt.",
            },
            {
                "key": "loonstrook",
                "name": "Je loonstrook begrijpen",
                "description": "Je vindt je loonstrook en weet wat bruto en netto betekenen.",
            },
        ],
        "cards": [
            {
                "title": "Inloggen in de app van je werk",
                "body": (
                    "Veel werkgevers hebben een app voor hun medewerkers. Daarin staan "
                    "bijvoorbeeld je rooster, je loonstrook en nieuws van het werk. Je "
                    "werkgever vertelt welke app je nodig hebt.\n\n"
                    "Om de app te openen, moet je inloggen. Inloggen betekent: laten zien dat "
                    "jij het bent. Dat doe je meestal met je e-mailadres of personeelsnummer en "
                    "een wachtwoord.\n\n"
                    "Soms krijg je daarna een code per sms. Die code typ je ook in. Zo weet de "
                    "app zeker dat jij het bent.\n\n"
                    "Lukt inloggen niet? Probeer het dan niet steeds opnieuw. Na een paar keer "
                    "fout gaat de app op slot. Vraag hulp aan je leidinggevende of de helpdesk."
                ),
                "easy_body": (
                    "Je werk heeft een app. Daarin staat je rooster. Ook je loonstrook staat "
                    "erin.\n\n"
                    "Eerst moet je inloggen. Zo laat je zien: ik ben het.\n\n"
                    "Je hebt nodig:\n"
                    "- je e-mail of personeelsnummer\n"
                    "- je wachtwoord\n\n"
                    "Soms krijg je een code per sms. Typ die code ook in.\n\n"
                    "Lukt het niet? Vraag dan om hulp."
                ),
                "task": {
                    "title": "Log zelf in op de app van je werk",
                    "instruction": (
                        "Log vandaag zelf in op de app van je werk. Lukt het niet? Vraag dan "
                        "hulp, maar typ je wachtwoord zelf in."
                    ),
                    "competences": ["werk-app", "veilig-online"],
                },
            },
            {
                "title": "Je wachtwoord is alleen van jou",
                "body": (
                    "Je wachtwoord is als de sleutel van je huis. Met je wachtwoord kan iemand "
                    "anders in jouw app. Die persoon ziet dan je loon en je adres. Soms kan hij "
                    "zelfs je bankrekening veranderen.\n\n"
                    "Geef je wachtwoord daarom nooit aan iemand anders. Ook niet aan een "
                    "collega, een vriend of je leidinggevende. Een echte helpdesk vraagt nooit "
                    "om je wachtwoord.\n\n"
                    "Een sterk wachtwoord is lang en moeilijk te raden. Gebruik dus niet je "
                    "naam of je geboortedatum. Een goede tip: maak een wachtwoord van vier "
                    "losse woorden. Bijvoorbeeld: FietsBoomKoffieRegen. Bedenk wel je eigen "
                    "woorden.\n\n"
                    "Schrijf je wachtwoord niet op een briefje bij je telefoon. Zet ook een "
                    "pincode op je telefoon."
                ),
                "easy_body": (
                    "Je wachtwoord is geheim. Het is als je huissleutel.\n\n"
                    "Geef je wachtwoord nooit aan een ander. Ook niet aan een collega. Ook niet "
                    "aan je baas.\n\n"
                    "Een goed wachtwoord is lang. Gebruik drie of vier woorden. Gebruik niet je "
                    "naam. Gebruik niet je geboortedatum.\n\n"
                    "Zet ook een code op je telefoon."
                ),
                "task": {
                    "title": "Controleer of je wachtwoord sterk is",
                    "instruction": (
                        "Kijk of je wachtwoord lang genoeg is en niet je naam bevat. Is het te "
                        "kort, of weet iemand anders het? Maak dan een nieuw wachtwoord en "
                        "vertel het aan niemand."
                    ),
                    "competences": ["veilig-online"],
                },
            },
            {
                "title": "Je rooster bekijken",
                "body": (
                    "Je rooster laat zien wanneer je moet werken. Je ziet de dag, de begintijd "
                    "en de eindtijd. Soms staat er ook bij op welke plek je werkt.\n\n"
                    "Open de app en kies 'Rooster' of 'Planning'. Je ziet dan meestal één week. "
                    "Veeg naar links of rechts voor een andere week.\n\n"
                    "Een rooster kan veranderen. Kijk daarom elke week op een vaste dag. "
                    "Bijvoorbeeld op vrijdag, voor de volgende week. Vaak krijg je ook een "
                    "melding op je telefoon.\n\n"
                    "Zet je werktijden in de agenda van je telefoon. Of schrijf ze op de "
                    "kalender thuis. Klopt er iets niet? Vraag het dan op tijd aan de planner. "
                    "Dat is de collega die de roosters maakt."
                ),
                "easy_body": (
                    "In je rooster staat wanneer je werkt. Je ziet de dag en de tijd.\n\n"
                    "- Open de app.\n"
                    "- Kies 'Rooster'.\n"
                    "- Veeg voor een andere week.\n\n"
                    "Je rooster kan veranderen. Kijk dus elke week. Bijvoorbeeld op vrijdag.\n\n"
                    "Klopt er iets niet? Vraag het op tijd aan je leidinggevende."
                ),
                "task": {
                    "title": "Zoek je werktijden voor volgende week",
                    "instruction": (
                        "Open je rooster in de app. Schrijf op wanneer je volgende week werkt "
                        "en laat het aan je jobcoach zien."
                    ),
                    "competences": ["werk-app"],
                },
            },
            {
                "title": "Je ziek melden",
                "body": (
                    "Ben je ziek en kun je niet werken? Dan meld je je ziek. Doe dat zo vroeg "
                    "mogelijk, vóór je werktijd begint. Dan kan je werkgever op tijd iemand "
                    "anders vragen.\n\n"
                    "Elk bedrijf heeft eigen afspraken over ziek melden. Soms kan het via de "
                    "app. Vaak moet je zelf bellen met je leidinggevende. Een appje of een "
                    "bericht via een collega is dan niet genoeg.\n\n"
                    "Vertel bij je ziekmelding:\n"
                    "- dat je ziek bent en niet komt werken;\n"
                    "- hoe ze je kunnen bereiken;\n"
                    "- welk werk iemand anders moet overnemen.\n\n"
                    "Je hoeft niet te vertellen wat je precies hebt. Ben je weer beter? Meld je "
                    "dan ook weer beter."
                ),
                "easy_body": (
                    "Ben je ziek? Meld het op tijd. Doe dat voor je werk begint.\n\n"
                    "Hoe meld je je ziek? Dat verschilt per bedrijf. Vraag het aan je "
                    "leidinggevende.\n\n"
                    "Zeg:\n"
                    "- dat je ziek bent\n"
                    "- dat je niet komt\n"
                    "- hoe ze je kunnen bereiken\n\n"
                    "Je hoeft niet te zeggen wat je hebt. Ben je beter? Meld dat ook."
                ),
                "task": {
                    "title": "Zoek uit hoe je je ziek meldt",
                    "instruction": (
                        "Vraag je leidinggevende hoe je je ziek meldt: bellen of via de app? "
                        "Vraag ook voor hoe laat dat moet. Zet het telefoonnummer in je "
                        "telefoon."
                    ),
                    "competences": ["werk-app"],
                },
            },
            {
                "title": "Je loonstrook lezen",
                "body": (
                    "Elke maand of elke vier weken krijg je een loonstrook. Dat is een "
                    "overzicht van je loon. Je vindt hem vaak in de app of in je mail.\n\n"
                    "Op je loonstrook staan twee belangrijke bedragen:\n"
                    "- **Bruto** is je loon voordat er iets vanaf gaat.\n"
                    "- **Netto** is wat je echt op je bankrekening krijgt.\n\n"
                    "Het verschil gaat vooral naar belasting en naar je pensioen. Pensioen is "
                    "geld voor later, als je niet meer werkt.\n\n"
                    "Op je loonstrook zie je ook hoeveel uren je hebt gewerkt. Kijk of dat "
                    "klopt met je rooster. Kijk ook of het nettobedrag op je rekening staat. "
                    "Klopt er iets niet? Vraag het dan aan je leidinggevende."
                ),
                "easy_body": (
                    "Je loonstrook laat zien wat je verdient.\n\n"
                    "Er staan twee bedragen op:\n"
                    "- **Bruto**: je loon voor de belasting.\n"
                    "- **Netto**: wat je echt krijgt.\n\n"
                    "Netto is dus minder dan bruto. Een deel gaat naar belasting. Een deel gaat "
                    "naar je pensioen.\n\n"
                    "Kloppen je uren? Staat het geld op je rekening? Klopt er iets niet? Vraag "
                    "het je leidinggevende."
                ),
                "task": {
                    "title": "Zoek bruto en netto op je loonstrook",
                    "instruction": (
                        "Open je laatste loonstrook in de app. Zoek het brutobedrag en het "
                        "nettobedrag. Vertel je jobcoach wat het verschil is."
                    ),
                    "competences": ["loonstrook", "werk-app"],
                },
            },
            {
                "title": "Nepberichten herkennen",
                "body": (
                    "Oplichters sturen nepberichten via e-mail, sms of WhatsApp. Ze doen alsof "
                    "ze je bank, je werkgever of een pakketbezorger zijn. Dit heet phishing. Ze "
                    "willen je wachtwoord, je bankgegevens of je geld.\n\n"
                    "Let op deze signalen:\n"
                    "- Het bericht heeft haast: 'Doe het vandaag, anders gaat je rekening "
                    "dicht.'\n"
                    "- Je moet op een link klikken en inloggen.\n"
                    "- Ze vragen om je wachtwoord of een code.\n"
                    "- Een bekende vraagt via een nieuw nummer om geld.\n\n"
                    "Twijfel je? Klik dan nergens op en stuur niets terug. Bel de organisatie "
                    "zelf, via het nummer dat je al kent.\n\n"
                    "Heb je toch op een link geklikt? Vertel het meteen aan je leidinggevende. "
                    "Verander daarna je wachtwoord."
                ),
                "easy_body": (
                    "Soms krijg je een nepbericht. Het lijkt echt. Maar het komt van een "
                    "oplichter.\n\n"
                    "Let op:\n"
                    "- Het bericht heeft veel haast.\n"
                    "- Je moet op een link klikken.\n"
                    "- Ze vragen je wachtwoord of code.\n"
                    "- Ze vragen om geld.\n\n"
                    "Twijfel je? Klik niet. Stuur niets terug. Vraag het je leidinggevende.\n\n"
                    "Toch geklikt? Zeg het meteen. Maak een nieuw wachtwoord."
                ),
                "task": {
                    "title": "Bespreek een bericht waar je aan twijfelt",
                    "instruction": (
                        "Zoek op je telefoon een bericht waar je aan twijfelt. Bespreek met je "
                        "jobcoach of het echt is of nep. Klik niet op links in het bericht."
                    ),
                    "competences": ["veilig-online"],
                },
            },
        ],
    },
    {
        "slug": "afval-scheiden",
        "title": "Afval scheiden en duurzaam werken",
        "description": (
            "Je leert afval in de goede bak te gooien. Je leert ook hoe je op je werk minder "
            "verspilt."
        ),
        "competences": [
            {
                "key": "afval",
                "name": "Afval scheiden",
                "sbb_code": "B1-K1-W1",
                "sbb_name": "Voert schoonmaakwerkzaamheden uit (Medewerker facilitaire dienstverlening)",
                "description": "Je gooit afval in de goede bak en houdt gevaarlijk afval apart.",
            },
            {
                "key": "zuinig",
                "name": "Zuinig werken",
                "description": "Je gaat zuinig om met materiaal, energie en water.",
            },
            {
                "key": "hergebruik",
                "name": "Hergebruiken en repareren",
                "description": (
                    "Je kijkt of iets nog te gebruiken of te repareren is, voordat je het weggooit."
                ),
            },
        ],
        "cards": [
            {
                "title": "Welke bak is voor welk afval?",
                "body": (
                    "Scheid je afval goed? Dan kan een fabriek er nieuwe spullen van maken. Van "
                    "oud papier maken ze bijvoorbeeld weer nieuw papier.\n\n"
                    "Op de meeste werkplekken staan deze bakken:\n"
                    "- **Papier en karton**: dozen, kranten en folders. Vouw dozen plat.\n"
                    "- **PMD**: plastic verpakkingen, metalen blikjes en drinkpakken.\n"
                    "- **Glas**: lege flessen en potten, zonder dop of deksel.\n"
                    "- **Gft**: groente, fruit, koffiedik en plantenresten.\n"
                    "- **Restafval**: alles wat niet in een andere bak hoort.\n\n"
                    "Vies papier hoort bij het restafval. Denk aan een vette pizzadoos of een "
                    "gebruikt servet.\n\n"
                    "De regels kunnen per bedrijf en per gemeente verschillen. Kijk daarom goed "
                    "naar de plaatjes op de bakken."
                ),
                "easy_body": (
                    "Gooi afval in de goede bak.\n\n"
                    "- Papier: dozen en kranten.\n"
                    "- PMD: plastic, blikjes en pakken.\n"
                    "- Glas: flessen en potten.\n"
                    "- Gft: etensresten, koffiedik en planten.\n"
                    "- Rest: alles wat overblijft.\n\n"
                    "Twijfel je? Kijk naar het plaatje op de bak. Of vraag het een collega."
                ),
                "task": {
                    "title": "Bekijk de afvalbakken op je werk",
                    "instruction": (
                        "Loop langs de afvalbakken op je werkplek. Schrijf op welke bakken er "
                        "zijn en wat erin mag. Zit er iets in de verkeerde bak? Meld het aan je "
                        "leidinggevende."
                    ),
                    "competences": ["afval"],
                },
            },
            {
                "title": "Gevaarlijk afval apart houden",
                "body": (
                    "Sommig afval is gevaarlijk voor mensen of voor het milieu. Het mag nooit "
                    "bij het gewone afval. Het mag ook niet door de gootsteen of de wc.\n\n"
                    "Voorbeelden van gevaarlijk afval:\n"
                    "- batterijen en accu's, bijvoorbeeld van een e-bike;\n"
                    "- lampen en tl-buizen;\n"
                    "- verf, olie en schoonmaakmiddelen;\n"
                    "- spuitbussen.\n\n"
                    "Op de verpakking staat vaak een waarschuwing. Dat is een plaatje in een "
                    "ruit met een rode rand.\n\n"
                    "Breng gevaarlijk afval naar de vaste plek in je bedrijf. Dat is vaak een "
                    "aparte kast of kist. Doe de dop goed dicht en meng nooit twee middelen. "
                    "Draag handschoenen als iets lekt."
                ),
                "easy_body": (
                    "Sommig afval is gevaarlijk. Het hoort niet in een gewone bak.\n\n"
                    "Gevaarlijk afval is bijvoorbeeld:\n"
                    "- batterijen en accu's\n"
                    "- lampen\n"
                    "- verf en olie\n"
                    "- schoonmaakmiddel\n"
                    "- spuitbussen\n\n"
                    "Breng het naar de vaste plek. Doe de dop goed dicht. Meng nooit twee "
                    "middelen. Giet niets door de gootsteen."
                ),
                "task": {
                    "title": "Zoek de plek voor gevaarlijk afval",
                    "instruction": (
                        "Vraag een collega waar jullie gevaarlijk afval bewaren. Ga er samen "
                        "naartoe en kijk wat daar ligt."
                    ),
                    "competences": ["afval"],
                },
            },
            {
                "title": "Minder materiaal verspillen",
                "body": (
                    "Verspillen is iets weggooien wat je nog had kunnen gebruiken. Dat kost "
                    "geld en is slecht voor het milieu. Met kleine dingen maak je al verschil.\n\n"
                    "Een paar voorbeelden:\n"
                    "- In de keuken: pak niet meer eten dan je nodig hebt. Zet oudere producten "
                    "vooraan, dan gebruik je die eerst.\n"
                    "- Bij de schoonmaak: gebruik de maatdop. Zo neem je niet te veel "
                    "schoonmaakmiddel.\n"
                    "- In de kwekerij: gebruik potten opnieuw als ze nog heel zijn.\n"
                    "- Bij de fietsenmaker: bewaar goede onderdelen van een oude fiets.\n\n"
                    "Print alleen als het echt nodig is. Print dan op twee kanten van het "
                    "papier.\n\n"
                    "Zie je veel verspilling? Bedenk dan samen met je team een oplossing."
                ),
                "easy_body": (
                    "Gooi niet zomaar iets weg. Kan het nog? Gebruik het dan.\n\n"
                    "- Pak niet te veel eten.\n"
                    "- Gebruik eerst het oudste eten.\n"
                    "- Gebruik de maatdop bij schoonmaakmiddel.\n"
                    "- Gebruik heel materiaal opnieuw.\n"
                    "- Print alleen als het moet.\n\n"
                    "Zo bespaar je geld. En het is goed voor het milieu."
                ),
                "task": {
                    "title": "Let een dag op verspilling",
                    "instruction": (
                        "Let vandaag op wat er op je werk wordt weggegooid. Kies één ding dat "
                        "minder kan. Bespreek je idee met je leidinggevende."
                    ),
                    "competences": ["zuinig"],
                },
            },
            {
                "title": "Licht en apparaten uit",
                "body": (
                    "Stroom en gas kosten veel geld. Het maken van stroom is ook vaak slecht "
                    "voor het klimaat. Op je werk kun je makkelijk energie besparen.\n\n"
                    "Doe het licht uit als je als laatste een ruimte verlaat. Bijvoorbeeld in "
                    "het magazijn, de kantine of het toilet.\n\n"
                    "Zet apparaten uit als je ze niet gebruikt. Een apparaat op stand-by "
                    "gebruikt namelijk ook stroom. Stand-by betekent: het apparaat is niet "
                    "helemaal uit. Vaak brandt er dan nog een lampje.\n\n"
                    "Houd deuren en ramen dicht als de verwarming aan staat. Doe ook de "
                    "koelkast of de koelcel snel weer dicht.\n\n"
                    "Let op: sommige apparaten moeten juist aan blijven, zoals een vriezer. "
                    "Twijfel je? Vraag het dan eerst."
                ),
                "easy_body": (
                    "Stroom en gas kosten veel geld. Ze zijn ook slecht voor het klimaat.\n\n"
                    "- Ga je als laatste weg? Doe het licht uit.\n"
                    "- Gebruik je een apparaat niet? Zet het uit.\n"
                    "- Is de verwarming aan? Houd ramen dicht.\n"
                    "- Doe de koelkast snel weer dicht.\n\n"
                    "Een vriezer moet wel aan blijven. Twijfel je? Vraag het eerst."
                ),
                "task": {
                    "title": "Zet licht en apparaten uit na je werk",
                    "instruction": (
                        "Kijk aan het eind van je werkdag welke lampen en apparaten nog aan "
                        "staan. Vraag of ze uit mogen en zet ze dan uit."
                    ),
                    "competences": ["zuinig"],
                },
            },
            {
                "title": "Zuinig met water",
                "body": (
                    "Schoon water uit de kraan is kostbaar. Er is veel energie nodig om water "
                    "schoon en warm te maken. Warm water is daarom extra duur.\n\n"
                    "Zo bespaar je water op je werk:\n"
                    "- Draai de kraan dicht als je hem niet gebruikt.\n"
                    "- Gebruik bij de schoonmaak een emmer in plaats van de slang.\n"
                    "- Zet de vaatwasser pas aan als hij vol is.\n"
                    "- Geef planten water in de ochtend of de avond. Dan verdampt er minder.\n"
                    "- Meld een lekkende kraan of wc meteen.\n\n"
                    "In een kwekerij gebruiken ze vaak regenwater. Het bedrijf vangt dat op in "
                    "een grote bak. Gebruik dat water als het kan, in plaats van kraanwater."
                ),
                "easy_body": (
                    "Water kost geld. Warm water kost extra veel.\n\n"
                    "- Draai de kraan dicht.\n"
                    "- Gebruik een emmer, geen slang.\n"
                    "- Zet de vaatwasser alleen vol aan.\n"
                    "- Geef planten 's ochtends water.\n"
                    "- Zie je een lek? Meld het meteen.\n\n"
                    "Is er regenwater? Gebruik dat dan eerst."
                ),
                "task": {
                    "title": "Zoek waar je water kunt besparen",
                    "instruction": (
                        "Kijk vandaag waar je op je werk water gebruikt. Kies één ding dat je "
                        "zuiniger kunt doen en probeer het uit."
                    ),
                    "competences": ["zuinig"],
                },
            },
            {
                "title": "Eerst repareren, dan pas weggooien",
                "body": (
                    "Veel kapotte spullen kun je nog maken. Denk aan een fiets met een lekke "
                    "band. Of een stoel met een losse poot. Repareren is vaak goedkoper dan "
                    "iets nieuws kopen. Het scheelt ook afval.\n\n"
                    "In een kringloopwinkel krijgen spullen een tweede leven. Mensen brengen "
                    "dingen die ze niet meer willen. Jij kijkt of iets nog heel is, of dat je "
                    "het kunt maken. Daarna kan iemand anders het kopen.\n\n"
                    "Ook op je eigen werkplek kun je hergebruiken. Dat betekent: iets opnieuw "
                    "gebruiken. Gebruik oud karton als opvulling in een pakket. Maak "
                    "poetsdoeken van oude handdoeken. Bewaar losse schroeven in een vaste bak.\n\n"
                    "Twijfel je of iets weg mag? Vraag het dan eerst aan je leidinggevende."
                ),
                "easy_body": (
                    "Is iets kapot? Gooi het niet meteen weg. Kijk eerst of je het kunt maken.\n\n"
                    "Repareren is vaak goedkoper. En je hebt minder afval.\n\n"
                    "Voorbeelden:\n"
                    "- Plak een lekke band.\n"
                    "- Zet een losse poot vast.\n"
                    "- Maak poetsdoeken van oude handdoeken.\n\n"
                    "Twijfel je? Vraag het eerst aan je leidinggevende."
                ),
                "task": {
                    "title": "Geef één ding een tweede leven",
                    "instruction": (
                        "Zoek op je werk iets wat weg zou gaan. Kun je het nog gebruiken of "
                        "maken? Bespreek met je leidinggevende wat je ermee kunt doen."
                    ),
                    "competences": ["hergebruik"],
                },
            },
        ],
    },
]
