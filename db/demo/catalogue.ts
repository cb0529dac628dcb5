/**
 * The fixed ingredients of the demo trust: accounts, specialties and what they do, sites and
 * rooms, names, and the coded entries summarisers write. Everything is invented; codes are the
 * real national ones (treatment function codes, OPCS-4, SNOMED CT) so the screens read true.
 */
import type { LocationKind, Role } from '../schema';

export const DEMO_PASSWORD = 'waitwise-demo';

export interface DemoAccount {
	email: string;
	name: string;
	role: Role;
}

/** One sign-in per role, as the e2e tests and the README use them. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
	{ email: 'admin@demo.test', name: 'Alex Admin', role: 'admin' },
	{ email: 'coordinator@demo.test', name: 'Casey Coordinator', role: 'coordinator' },
	{ email: 'teamlead@demo.test', name: 'Taylor Teamlead', role: 'team_leader' },
	{ email: 'records@demo.test', name: 'Robin Records', role: 'records' },
	{ email: 'summariser@demo.test', name: 'Sam Summariser', role: 'summariser' },
	{ email: 'manager@demo.test', name: 'Morgan Manager', role: 'manager' }
];

/** More synthetic staff (same password) so team views and workload charts have people in them. */
export const DEMO_STAFF: readonly DemoAccount[] = [
	{ email: 'coordinator2@demo.test', name: 'Jordan Pike', role: 'coordinator' },
	{ email: 'records2@demo.test', name: 'Priya Shah', role: 'records' },
	{ email: 'records3@demo.test', name: 'Tom Okafor', role: 'records' },
	{ email: 'summariser2@demo.test', name: 'Hannah Lee', role: 'summariser' },
	{ email: 'summariser3@demo.test', name: 'Marek Nowak', role: 'summariser' }
];

export type Sex = 'female' | 'male';

export interface ProcedureSpec {
	name: string;
	/** OPCS-4 code. */
	code: string;
	minutes: number;
	weight: number;
	sex?: Sex;
	minAge?: number;
	maxAge?: number;
}

/** Which rooms a specialty's sessions use: a tag on the rooms below, at the named sites. */
export interface RoomNeed {
	tag: string;
	sites: readonly string[];
}

export interface SpecialtySpec {
	code: string;
	name: string;
	/** Share of the trust's pathways (relative weight). */
	weight: number;
	/** Share of its pathways on the admitted (IRTT) list. */
	admittedShare: number;
	/** Relative likelihood of its patients being the long waiters. */
	longWait: number;
	consultants: number;
	/** Surgeons are Mr/Ms, physicians Dr (the British convention). */
	surgical: boolean;
	clinic: { slotMinutes: number; newMinutes: number; followUpMinutes: number };
	procedures: readonly ProcedureSpec[];
	age: { mean: number; sd: number; childShare?: number };
	femaleShare: number;
	clinicRooms: RoomNeed;
	theatreRooms: RoomNeed;
	/** Share of theatre lists that run all day (08:30–17:30). */
	allDayShare: number;
}

export const SPECIALTIES: readonly SpecialtySpec[] = [
	{
		code: '100',
		name: 'General Surgery',
		weight: 10,
		admittedShare: 0.45,
		longWait: 1.3,
		consultants: 6,
		surgical: true,
		clinic: { slotMinutes: 15, newMinutes: 30, followUpMinutes: 15 },
		procedures: [
			{ name: 'Laparoscopic cholecystectomy', code: 'J18.3', minutes: 90, weight: 5 },
			{ name: 'Inguinal hernia repair', code: 'T20.1', minutes: 60, weight: 6 },
			{ name: 'Umbilical hernia repair', code: 'T24.1', minutes: 45, weight: 3 },
			{ name: 'Haemorrhoidectomy', code: 'H51.1', minutes: 45, weight: 2 },
			{ name: 'Excision of pilonidal sinus', code: 'H59.1', minutes: 45, weight: 1, maxAge: 45 },
			{
				name: 'Laparoscopic anterior resection',
				code: 'H33.4',
				minutes: 240,
				weight: 1,
				minAge: 40
			}
		],
		age: { mean: 52, sd: 16 },
		femaleShare: 0.45,
		clinicRooms: { tag: 'general', sites: ['WGH', 'RCH'] },
		theatreRooms: { tag: 'main', sites: ['WGH'] },
		allDayShare: 0.1
	},
	{
		code: '101',
		name: 'Urology',
		weight: 7,
		admittedShare: 0.4,
		longWait: 1.1,
		consultants: 4,
		surgical: true,
		clinic: { slotMinutes: 15, newMinutes: 30, followUpMinutes: 15 },
		procedures: [
			{ name: 'Flexible cystoscopy', code: 'M45.9', minutes: 30, weight: 6 },
			{
				name: 'Transurethral resection of prostate',
				code: 'M65.3',
				minutes: 75,
				weight: 3,
				sex: 'male',
				minAge: 50
			},
			{ name: 'Ureteroscopy and laser lithotripsy', code: 'M27.1', minutes: 90, weight: 2 },
			{ name: 'Circumcision', code: 'N30.3', minutes: 30, weight: 1, sex: 'male' },
			{
				name: 'Vasectomy',
				code: 'N17.1',
				minutes: 30,
				weight: 1,
				sex: 'male',
				minAge: 25,
				maxAge: 60
			}
		],
		age: { mean: 64, sd: 13 },
		femaleShare: 0.25,
		clinicRooms: { tag: 'general', sites: ['WGH', 'RCH'] },
		theatreRooms: { tag: 'day', sites: ['WGH'] },
		allDayShare: 0
	},
	{
		code: '110',
		name: 'Trauma & Orthopaedics',
		weight: 18,
		admittedShare: 0.45,
		longWait: 1.6,
		consultants: 8,
		surgical: true,
		clinic: { slotMinutes: 15, newMinutes: 30, followUpMinutes: 15 },
		procedures: [
			{ name: 'Total hip replacement', code: 'W37.1', minutes: 150, weight: 5, minAge: 45 },
			{ name: 'Total knee replacement', code: 'W40.1', minutes: 150, weight: 5, minAge: 45 },
			{ name: 'Arthroscopic meniscectomy', code: 'W82.3', minutes: 60, weight: 3 },
			{ name: 'Carpal tunnel release', code: 'A65.1', minutes: 30, weight: 4 },
			{ name: 'Correction of hallux valgus', code: 'W15.1', minutes: 75, weight: 2 },
			{ name: 'Arthroscopic subacromial decompression', code: 'O29.1', minutes: 75, weight: 2 },
			{
				name: 'Anterior cruciate ligament reconstruction',
				code: 'W74.1',
				minutes: 120,
				weight: 1,
				maxAge: 45
			}
		],
		age: { mean: 60, sd: 15 },
		femaleShare: 0.56,
		clinicRooms: { tag: 'general', sites: ['WGH', 'RCH', 'NTC'] },
		theatreRooms: { tag: 'main', sites: ['NTC', 'WGH'] },
		allDayShare: 0.15
	},
	{
		code: '120',
		name: 'ENT',
		weight: 9,
		admittedShare: 0.35,
		longWait: 1.5,
		consultants: 5,
		surgical: true,
		clinic: { slotMinutes: 15, newMinutes: 30, followUpMinutes: 15 },
		procedures: [
			{ name: 'Tonsillectomy', code: 'F34.4', minutes: 45, weight: 5, maxAge: 40 },
			{ name: 'Insertion of grommets', code: 'D15.1', minutes: 30, weight: 3, maxAge: 12 },
			{ name: 'Septoplasty', code: 'E03.6', minutes: 60, weight: 3, minAge: 16 },
			{
				name: 'Functional endoscopic sinus surgery',
				code: 'E13.5',
				minutes: 90,
				weight: 2,
				minAge: 16
			},
			{ name: 'Microlaryngoscopy', code: 'E34.2', minutes: 30, weight: 1, minAge: 18 }
		],
		age: { mean: 44, sd: 18, childShare: 0.28 },
		femaleShare: 0.52,
		clinicRooms: { tag: 'general', sites: ['WGH', 'RCH'] },
		theatreRooms: { tag: 'day', sites: ['WGH'] },
		allDayShare: 0
	},
	{
		code: '130',
		name: 'Ophthalmology',
		weight: 16,
		admittedShare: 0.4,
		longWait: 0.9,
		consultants: 7,
		surgical: true,
		clinic: { slotMinutes: 15, newMinutes: 30, followUpMinutes: 15 },
		procedures: [
			{ name: 'Cataract extraction', code: 'C71.2', minutes: 30, weight: 12, minAge: 40 },
			{ name: 'Trabeculectomy', code: 'C60.1', minutes: 60, weight: 1, minAge: 40 },
			{ name: 'Vitrectomy', code: 'C79.2', minutes: 90, weight: 1 },
			{ name: 'Correction of squint', code: 'C31.2', minutes: 60, weight: 1 },
			{ name: 'Excision of chalazion', code: 'C12.1', minutes: 30, weight: 1 }
		],
		age: { mean: 71, sd: 11 },
		femaleShare: 0.57,
		clinicRooms: { tag: 'eye', sites: ['WGH', 'NTC'] },
		theatreRooms: { tag: 'eye', sites: ['NTC'] },
		allDayShare: 0
	},
	{
		code: '300',
		name: 'General Internal Medicine',
		weight: 5,
		admittedShare: 0.1,
		longWait: 0.5,
		consultants: 4,
		surgical: false,
		clinic: { slotMinutes: 30, newMinutes: 30, followUpMinutes: 30 },
		procedures: [
			{ name: 'Intravenous iron infusion', code: 'X29.2', minutes: 60, weight: 3 },
			{ name: 'Bone marrow biopsy', code: 'W35.2', minutes: 45, weight: 1 },
			{ name: 'Pleural aspiration', code: 'T12.3', minutes: 45, weight: 1 }
		],
		age: { mean: 61, sd: 17 },
		femaleShare: 0.5,
		clinicRooms: { tag: 'general', sites: ['WGH', 'RCH'] },
		theatreRooms: { tag: 'medical-day', sites: ['WGH'] },
		allDayShare: 0
	},
	{
		code: '301',
		name: 'Gastroenterology',
		weight: 9,
		admittedShare: 0.4,
		longWait: 0.9,
		consultants: 5,
		surgical: false,
		clinic: { slotMinutes: 15, newMinutes: 30, followUpMinutes: 15 },
		procedures: [
			{ name: 'Oesophagogastroduodenoscopy', code: 'G45.1', minutes: 30, weight: 5, minAge: 16 },
			{ name: 'Colonoscopy', code: 'H22.9', minutes: 45, weight: 5, minAge: 18 },
			{ name: 'Flexible sigmoidoscopy', code: 'H25.9', minutes: 30, weight: 2, minAge: 18 },
			{
				name: 'Endoscopic retrograde cholangiopancreatography',
				code: 'J43.2',
				minutes: 60,
				weight: 1,
				minAge: 25
			}
		],
		age: { mean: 56, sd: 16 },
		femaleShare: 0.52,
		clinicRooms: { tag: 'general', sites: ['WGH', 'RCH'] },
		theatreRooms: { tag: 'endoscopy', sites: ['WGH'] },
		allDayShare: 0
	},
	{
		code: '320',
		name: 'Cardiology',
		weight: 7,
		admittedShare: 0.25,
		longWait: 0.6,
		consultants: 4,
		surgical: false,
		clinic: { slotMinutes: 30, newMinutes: 30, followUpMinutes: 30 },
		procedures: [
			{ name: 'Coronary angiography', code: 'K63.1', minutes: 45, weight: 5, minAge: 30 },
			{ name: 'Direct current cardioversion', code: 'X50.3', minutes: 30, weight: 2, minAge: 30 },
			{ name: 'Implantation of pacemaker', code: 'K60.2', minutes: 90, weight: 2, minAge: 50 },
			{
				name: 'Percutaneous coronary intervention',
				code: 'K75.1',
				minutes: 90,
				weight: 2,
				minAge: 35
			},
			{ name: 'Catheter ablation', code: 'K57.1', minutes: 180, weight: 1, minAge: 25 }
		],
		age: { mean: 66, sd: 13 },
		femaleShare: 0.42,
		clinicRooms: { tag: 'general', sites: ['WGH', 'RCH'] },
		theatreRooms: { tag: 'cath', sites: ['WGH'] },
		allDayShare: 0
	},
	{
		code: '330',
		name: 'Dermatology',
		weight: 8,
		admittedShare: 0.15,
		longWait: 1.0,
		consultants: 3,
		surgical: false,
		clinic: { slotMinutes: 15, newMinutes: 15, followUpMinutes: 15 },
		procedures: [
			{ name: 'Excision of skin lesion', code: 'S06.1', minutes: 30, weight: 6 },
			{ name: 'Punch biopsy of skin', code: 'S15.1', minutes: 30, weight: 2 },
			{ name: 'Mohs micrographic surgery', code: 'S05.1', minutes: 120, weight: 1, minAge: 40 }
		],
		age: { mean: 54, sd: 20 },
		femaleShare: 0.55,
		clinicRooms: { tag: 'general', sites: ['WGH', 'RCH'] },
		theatreRooms: { tag: 'minor', sites: ['WGH', 'RCH'] },
		allDayShare: 0
	},
	{
		code: '502',
		name: 'Gynaecology',
		weight: 8,
		admittedShare: 0.35,
		longWait: 1.4,
		consultants: 5,
		surgical: true,
		clinic: { slotMinutes: 20, newMinutes: 20, followUpMinutes: 20 },
		procedures: [
			{ name: 'Hysteroscopy', code: 'Q18.1', minutes: 30, weight: 5 },
			{ name: 'Diagnostic laparoscopy', code: 'T43.9', minutes: 45, weight: 3, maxAge: 55 },
			{
				name: 'Total laparoscopic hysterectomy',
				code: 'Q07.4',
				minutes: 150,
				weight: 2,
				minAge: 30
			},
			{ name: 'Anterior vaginal wall repair', code: 'P22.1', minutes: 90, weight: 2, minAge: 40 },
			{ name: 'Laparoscopic ovarian cystectomy', code: 'Q43.2', minutes: 90, weight: 1, maxAge: 60 }
		],
		age: { mean: 45, sd: 13 },
		femaleShare: 1,
		clinicRooms: { tag: 'general', sites: ['WGH', 'RCH'] },
		theatreRooms: { tag: 'day', sites: ['WGH'] },
		allDayShare: 0
	}
];

export const OUTPATIENT_NEW = { name: 'New outpatient appointment', code: 'WF01B' } as const;
export const OUTPATIENT_FOLLOW_UP = {
	name: 'Follow-up outpatient appointment',
	code: 'WF01A'
} as const;

export interface SiteSpec {
	code: string;
	name: string;
	/** Rooms by kind, each with the tag that sessions ask for. */
	rooms: readonly { name: string; kind: LocationKind; tag?: string }[];
	/** The library's bays, by terminal digits of the record number (terminal-digit filing). */
	bays: readonly { name: string; from: number; to: number }[];
	library: string;
	/** Where this site's notes go when a ward asks, and for correspondence. */
	emergency?: string;
	ward: string;
	office: string;
	/** Share of patients whose notes are filed here. */
	notesShare: number;
}

const numbered = (prefix: string, n: number, kind: LocationKind, tag: string) =>
	Array.from({ length: n }, (_, i) => ({ name: `${prefix} ${i + 1}`, kind, tag }));

export const SITES: readonly SiteSpec[] = [
	{
		code: 'WGH',
		name: 'Waitwise General Hospital',
		rooms: [
			...numbered('Outpatients A – Room', 8, 'clinic', 'general'),
			...numbered('Outpatients B – Room', 4, 'clinic', 'general'),
			...numbered('Eye Clinic – Room', 3, 'clinic', 'eye'),
			...numbered('Main Theatre', 5, 'theatre', 'main'),
			...numbered('Day Surgery Theatre', 3, 'theatre', 'day'),
			...numbered('Endoscopy Room', 2, 'theatre', 'endoscopy'),
			{ name: 'Cardiac Catheter Lab', kind: 'theatre', tag: 'cath' },
			{ name: 'Minor Operations Room', kind: 'theatre', tag: 'minor' },
			{ name: 'Medical Day Unit – Procedure Room', kind: 'theatre', tag: 'medical-day' },
			{ name: 'Emergency Department', kind: 'ward' },
			{ name: 'Medical Assessment Unit', kind: 'ward' },
			{ name: 'Ward 7 (Surgical)', kind: 'ward' },
			{ name: 'Ward 12 (Orthopaedic)', kind: 'ward' },
			{ name: 'Day Surgery Unit', kind: 'ward' },
			{ name: "Medical Secretaries' Office", kind: 'office' },
			{ name: 'Patient Access Centre', kind: 'office' },
			{ name: 'Summarising Office', kind: 'office' }
		],
		library: 'Health Records Library',
		bays: [
			{ name: 'Health Records Library – Bay A (00–24)', from: 0, to: 24 },
			{ name: 'Health Records Library – Bay B (25–49)', from: 25, to: 49 },
			{ name: 'Health Records Library – Bay C (50–74)', from: 50, to: 74 },
			{ name: 'Health Records Library – Bay D (75–99)', from: 75, to: 99 }
		],
		emergency: 'Emergency Department',
		ward: 'Day Surgery Unit',
		office: "Medical Secretaries' Office",
		notesShare: 0.7
	},
	{
		code: 'RCH',
		name: 'Riverside Community Hospital',
		rooms: [
			...numbered('Outpatients – Room', 6, 'clinic', 'general'),
			{ name: 'Minor Operations Suite', kind: 'theatre', tag: 'minor' },
			{ name: 'Rehabilitation Ward', kind: 'ward' },
			{ name: 'Outpatient Reception Office', kind: 'office' }
		],
		library: 'Health Records Store',
		bays: [
			{ name: 'Health Records Store – Bay 1 (00–49)', from: 0, to: 49 },
			{ name: 'Health Records Store – Bay 2 (50–99)', from: 50, to: 99 }
		],
		ward: 'Rehabilitation Ward',
		office: 'Outpatient Reception Office',
		notesShare: 0.2
	},
	{
		code: 'NTC',
		name: 'Northgate Treatment Centre',
		rooms: [
			...numbered('Clinic Room', 4, 'clinic', 'general'),
			...numbered('Eye Clinic Room', 2, 'clinic', 'eye'),
			...numbered('Theatre', 3, 'theatre', 'main'),
			...numbered('Eye Theatre', 2, 'theatre', 'eye'),
			{ name: 'Day Surgery Ward', kind: 'ward' },
			{ name: 'Admissions Office', kind: 'office' }
		],
		library: 'Records Room',
		bays: [{ name: 'Records Room – Bay 1 (00–99)', from: 0, to: 99 }],
		ward: 'Day Surgery Ward',
		office: 'Admissions Office',
		notesShare: 0.1
	}
];

// Common first names and surnames of England and Wales (ONS); combined at random, so no row is
// a real person.
// prettier-ignore
export const FEMALE_NAMES = [
	'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Grace', 'Sophia', 'Lily', 'Freya', 'Emily',
	'Ella', 'Poppy', 'Evie', 'Charlotte', 'Florence', 'Sienna', 'Jessica', 'Alice', 'Daisy', 'Ruby',
	'Margaret', 'Susan', 'Patricia', 'Elizabeth', 'Linda', 'Barbara', 'Janet', 'Christine', 'Carol', 'Mary',
	'Sarah', 'Helen', 'Karen', 'Julie', 'Claire', 'Joanne', 'Nicola', 'Rachel', 'Emma', 'Lisa',
	'Hannah', 'Laura', 'Rebecca', 'Amy', 'Katie', 'Sophie', 'Chloe', 'Lucy', 'Megan', 'Zainab',
	'Aisha', 'Fatima', 'Priya', 'Anika', 'Maria', 'Agnieszka', 'Joan', 'Doris', 'Jean', 'Sheila'
] as const;

// prettier-ignore
export const MALE_NAMES = [
	'Oliver', 'George', 'Noah', 'Arthur', 'Harry', 'Leo', 'Muhammad', 'Jack', 'Charlie', 'Oscar',
	'Jacob', 'Henry', 'Thomas', 'Freddie', 'Alfie', 'Theo', 'William', 'Theodore', 'Archie', 'Joshua',
	'David', 'John', 'Paul', 'Michael', 'Peter', 'Robert', 'Richard', 'Stephen', 'Mark', 'Andrew',
	'James', 'Ian', 'Gary', 'Kevin', 'Simon', 'Neil', 'Daniel', 'Matthew', 'Christopher', 'Adam',
	'Ryan', 'Luke', 'Samuel', 'Ben', 'Liam', 'Callum', 'Aidan', 'Omar', 'Ali', 'Tomasz',
	'Piotr', 'Raj', 'Arjun', 'Kwame', 'Brian', 'Keith', 'Derek', 'Alan', 'Roger', 'Colin'
] as const;

// prettier-ignore
export const FAMILY_NAMES = [
	'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
	'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke',
	'Jackson', 'Wood', 'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes',
	'Moore', 'Clark', 'King', 'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris', 'Khan',
	'Scott', 'Watson', 'Davis', 'Parker', 'James', 'Bennett', 'Young', 'Phillips', 'Richardson', 'Mitchell',
	'Bailey', 'Carter', 'Cook', 'Singh', 'Shaw', 'Bell', 'Collins', 'Morgan', 'Kelly', 'Begum',
	'Miller', 'Cox', 'Hussain', 'Marshall', 'Simpson', 'Price', 'Anderson', 'Adams', 'Wilkinson', 'Ali',
	'Ahmed', 'Foster', 'Ellis', 'Murphy', 'Chapman', 'Mason', 'Gray', 'Richards', 'Webb', 'Griffiths',
	'Hunt', 'Palmer', 'Campbell', 'Holmes', 'Mills', 'Rogers', 'Barnes', 'Knight', 'Matthews', 'Barker',
	'Powell', 'Stevens', 'Kaur', 'Fisher', 'Butler', 'Dixon', 'Russell', 'Harvey', 'Pearson', 'Graham',
	'Fletcher', 'Howard', 'Chambers', 'Kowalski', 'Nowak', 'Okonkwo', 'Mensah', 'Chen', 'Nguyen', "O'Brien"
] as const;

/**
 * Street names and towns for patients' addresses: made up, and with ZZ postcodes (no UK area)
 * never a real address.
 */
// prettier-ignore
export const STREETS = [
	'Acacia Avenue', 'Beacon Road', 'Cedar Close', 'Dovecote Lane', 'Elm Grove', 'Foundry Street',
	'Glebe Way', 'Harbour View', 'Ivy Terrace', 'Juniper Drive', 'Kestrel Rise', 'Larch Crescent',
	'Mill Lane', 'Netherfield Road', 'Orchard Walk', 'Primrose Hill', 'Quarry Road', 'Rowan Court'
] as const;
// prettier-ignore
export const TOWNS = ['Waitwick', 'Little Listing', 'Queueford', 'Bookham Parva', 'Triage-on-Sea'] as const;

/**
 * GP practices: made-up names, and codes beginning ZZ, which no practice's ODS code does, so none
 * can be taken for a real practice.
 */
// prettier-ignore
export const GP_PRACTICES = [
	['ZZ0001', 'Riverside Medical Practice'], ['ZZ0002', 'The Old Forge Surgery'],
	['ZZ0003', 'Waitwick Health Centre'], ['ZZ0004', 'Queueford Family Practice'],
	['ZZ0005', 'Bookham Parva Surgery'], ['ZZ0006', 'Beacon Road Medical Centre'],
	['ZZ0007', 'Harbour View Group Practice'], ['ZZ0008', 'Orchard Walk Surgery']
] as const;

/** Consultants' surnames: kept apart from the patients' so a consultant never shares a name. */
// prettier-ignore
export const CONSULTANT_NAMES = [
	'Ashworth', 'Banerjee', 'Blackwood', 'Carrington', 'Chaudhry', 'Delaney', 'Okafor', 'Ellison', 'Fairbairn', 'Gallagher',
	'Haldane', 'Iqbal', 'Jeffries', 'Kapoor', 'Lindqvist', 'Macaulay', 'Nakamura', 'Oduya', 'Pemberton', 'Quinlan',
	'Rahman', 'Sandhu', 'Thorne', 'Underwood', 'Vasquez', 'Whitfield', 'Yeoman', 'Zielinski', 'Abernethy', 'Bhattacharya',
	'Calloway', 'Dunmore', 'Emsley', 'Farrow', 'Goswami', 'Hartigan', 'Ingleby', 'Joshi', 'Kilbride', 'Lomax',
	'Menon', 'Northcott', 'Osei', 'Prendergast', 'Rutherford', 'Sato', 'Trevelyan', 'Venkatesh', 'Wainwright', 'Adeyemi',
	'Brannigan', 'Crossley', 'Dervish', 'Eastwood', 'Fenwick', 'Gilchrist', 'Holloway'
] as const;

export const UNAVAILABILITY_REASONS = [
	'Holiday',
	'Holiday',
	'Holiday',
	'Work commitments',
	'Carer responsibilities',
	'Recovering from another procedure',
	'Exams'
] as const;

export const PATHWAY_NOTES = [
	'Prefers afternoon appointments',
	'Interpreter required: Polish',
	'Interpreter required: Punjabi',
	'Interpreter required: BSL',
	'Hospital transport required',
	'Needs anaesthetic pre-assessment',
	'Patient asked to be contacted by text message',
	'Carer to attend with patient',
	'Shift worker: please give at least 2 weeks notice'
] as const;

export interface CodedEntry {
	code: string;
	term: string;
}

// SNOMED CT concepts for the structured summaries.
export const SUMMARY_PROBLEMS: readonly CodedEntry[] = [
	{ code: '38341003', term: 'Hypertension' },
	{ code: '44054006', term: 'Type 2 diabetes mellitus' },
	{ code: '195967001', term: 'Asthma' },
	{ code: '13645005', term: 'Chronic obstructive lung disease' },
	{ code: '49436004', term: 'Atrial fibrillation' },
	{ code: '35489007', term: 'Depressive disorder' },
	{ code: '40930008', term: 'Hypothyroidism' },
	{ code: '55822004', term: 'Hyperlipidaemia' },
	{ code: '396275006', term: 'Osteoarthritis' },
	{ code: '90560007', term: 'Gout' },
	{ code: '53741008', term: 'Coronary arteriosclerosis' },
	{ code: '709044004', term: 'Chronic kidney disease' },
	{ code: '69896004', term: 'Rheumatoid arthritis' },
	{ code: '193570009', term: 'Cataract' },
	{ code: '235595009', term: 'Gastro-oesophageal reflux disease' }
];

export const SUMMARY_PROCEDURES: readonly CodedEntry[] = [
	{ code: '80146002', term: 'Appendicectomy' },
	{ code: '38102005', term: 'Cholecystectomy' },
	{ code: '52734007', term: 'Total replacement of hip' },
	{ code: '609588000', term: 'Total knee replacement' },
	{ code: '54885007', term: 'Extraction of cataract' },
	{ code: '173422009', term: 'Tonsillectomy' },
	{ code: '236886002', term: 'Hysterectomy' },
	{ code: '44558001', term: 'Repair of inguinal hernia' },
	{ code: '11466000', term: 'Caesarean section' },
	{ code: '232717009', term: 'Coronary artery bypass grafting' }
];

export const SUMMARY_MEDICATIONS: readonly CodedEntry[] = [
	{ code: '386864001', term: 'Amlodipine' },
	{ code: '372567009', term: 'Metformin' },
	{ code: '373444002', term: 'Atorvastatin' },
	{ code: '386872004', term: 'Ramipril' },
	{ code: '387137007', term: 'Omeprazole' },
	{ code: '372897005', term: 'Salbutamol' },
	{ code: '386868003', term: 'Bisoprolol' },
	{ code: '372594008', term: 'Sertraline' },
	{ code: '387458008', term: 'Aspirin' },
	{ code: '698090000', term: 'Apixaban' },
	{ code: '387517004', term: 'Paracetamol' },
	{ code: '386888004', term: 'Lansoprazole' }
];

export const SUMMARY_ALLERGIES: readonly CodedEntry[] = [
	{ code: '91936005', term: 'Allergy to penicillin' },
	{ code: '300916003', term: 'Latex allergy' },
	{ code: '91935009', term: 'Allergy to peanuts' },
	{ code: '293586001', term: 'Allergy to aspirin' },
	{ code: '294505008', term: 'Allergy to sulfonamide' }
];

export const NO_KNOWN_ALLERGY: CodedEntry = { code: '716186003', term: 'No known allergy' };

export const SUMMARY_LETTERS: readonly CodedEntry[] = [
	{ code: '373942005', term: 'Discharge summary' },
	{ code: '371531000', term: 'Report of clinical encounter' },
	{ code: '371530004', term: 'Clinical consultation report' },
	{ code: '3457005', term: 'Patient referral' }
];

/** Where items in the summarising queue come from. */
export const SUMMARY_SOURCES = [
	'new registration',
	'clinic letter',
	'discharge summary',
	'referral letter',
	'external records'
] as const;
export const SUMMARY_SOURCE_WEIGHTS = [3, 4, 2, 2, 1] as const;
