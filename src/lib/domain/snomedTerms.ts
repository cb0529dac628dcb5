/**
 * Common SNOMED CT concepts in GP summarising (problems and findings, procedures, medicines as
 * substances), bundled so a summariser can find a code by typing its term. Not the terminology:
 * a starting list of well-known international-release concept ids, each checked by snomedTerms.spec
 * (valid SCTID with a correct Verhoeff check digit, concept partition). Anything not here is typed
 * by code as before.
 */

export type SnomedKind = 'disorder' | 'finding' | 'procedure' | 'substance';

export interface SnomedTerm {
	code: string;
	term: string;
	kind: SnomedKind;
}

/** [code, term] by kind: compact to read and to check against a terminology browser. */
const BY_KIND: Record<SnomedKind, readonly (readonly [string, string])[]> = {
	disorder: [
		['195967001', 'Asthma'],
		['389145006', 'Allergic asthma'],
		['73211009', 'Diabetes mellitus'],
		['44054006', 'Type 2 diabetes mellitus'],
		['46635009', 'Type 1 diabetes mellitus'],
		['714628002', 'Prediabetes'],
		['4855003', 'Diabetic retinopathy'],
		['230572002', 'Diabetic neuropathy'],
		['38341003', 'Hypertension'],
		['59621000', 'Essential hypertension'],
		['13645005', 'Chronic obstructive pulmonary disease'],
		['195951007', 'Acute exacerbation of chronic obstructive pulmonary disease'],
		['12295008', 'Bronchiectasis'],
		['190905008', 'Cystic fibrosis'],
		['49436004', 'Atrial fibrillation'],
		['5370000', 'Atrial flutter'],
		['6456007', 'Supraventricular tachycardia'],
		['698247007', 'Cardiac arrhythmia'],
		['84114007', 'Heart failure'],
		['42343007', 'Congestive heart failure'],
		['85898001', 'Cardiomyopathy'],
		['22298006', 'Myocardial infarction'],
		['394659003', 'Acute coronary syndrome'],
		['414545008', 'Ischaemic heart disease'],
		['53741008', 'Coronary artery disease'],
		['194828000', 'Angina'],
		['56265001', 'Heart disease'],
		['60573004', 'Aortic valve stenosis'],
		['230690007', 'Stroke'],
		['422504002', 'Ischaemic stroke'],
		['274100004', 'Cerebral haemorrhage'],
		['21454007', 'Subarachnoid haemorrhage'],
		['1386000', 'Intracranial haemorrhage'],
		['266257000', 'Transient ischaemic attack'],
		['62914000', 'Cerebrovascular disease'],
		['400047006', 'Peripheral vascular disease'],
		['128053003', 'Deep vein thrombosis'],
		['59282003', 'Pulmonary embolism'],
		['35489007', 'Depression'],
		['370143000', 'Major depressive disorder'],
		['36923009', 'Major depression, single episode'],
		['197480006', 'Anxiety disorder'],
		['21897009', 'Generalised anxiety disorder'],
		['371631005', 'Panic disorder'],
		['47505003', 'Post-traumatic stress disorder'],
		['13746004', 'Bipolar disorder'],
		['58214004', 'Schizophrenia'],
		['69322001', 'Psychotic disorder'],
		['56882008', 'Anorexia nervosa'],
		['78004001', 'Bulimia nervosa'],
		['406506008', 'Attention deficit hyperactivity disorder'],
		['110359009', 'Intellectual disability'],
		['41040004', 'Down syndrome'],
		['7200002', 'Alcoholism'],
		['15167005', 'Alcohol abuse'],
		['52448006', 'Dementia'],
		['26929004', "Alzheimer's disease"],
		['49049000', "Parkinson's disease"],
		['24700007', 'Multiple sclerosis'],
		['84757009', 'Epilepsy'],
		['128613002', 'Seizure disorder'],
		['37796009', 'Migraine'],
		['230745008', 'Hydrocephalus'],
		['69896004', 'Rheumatoid arthritis'],
		['396275006', 'Osteoarthritis'],
		['239873007', 'Osteoarthritis of knee'],
		['239872002', 'Osteoarthritis of hip'],
		['64859006', 'Osteoporosis'],
		['90560007', 'Gout'],
		['55464009', 'Systemic lupus erythematosus'],
		['203082005', 'Fibromyalgia'],
		['57773001', 'Carpal tunnel syndrome'],
		['40930008', 'Hypothyroidism'],
		['34486009', 'Hyperthyroidism'],
		['709044004', 'Chronic kidney disease'],
		['431855005', 'Chronic kidney disease stage 1'],
		['431856006', 'Chronic kidney disease stage 2'],
		['433144002', 'Chronic kidney disease stage 3'],
		['431857002', 'Chronic kidney disease stage 4'],
		['433146000', 'Chronic kidney disease stage 5'],
		['90708001', 'Kidney disease'],
		['95570007', 'Kidney stone'],
		['68566005', 'Urinary tract infection'],
		['38822007', 'Cystitis'],
		['45816000', 'Pyelonephritis'],
		['266569009', 'Benign prostatic hyperplasia'],
		['235595009', 'Gastro-oesophageal reflux disease'],
		['13200003', 'Peptic ulcer'],
		['397825006', 'Gastric ulcer'],
		['34000006', "Crohn's disease"],
		['64766004', 'Ulcerative colitis'],
		['10743008', 'Irritable bowel syndrome'],
		['396331005', 'Coeliac disease'],
		['74400008', 'Appendicitis'],
		['75694006', 'Pancreatitis'],
		['19943007', 'Cirrhosis of liver'],
		['235856003', 'Disorder of liver'],
		['66071002', 'Hepatitis B'],
		['50711007', 'Hepatitis C'],
		['86406008', 'HIV infection'],
		['56717001', 'Tuberculosis'],
		['840539006', 'COVID-19'],
		['6142004', 'Influenza'],
		['233604007', 'Pneumonia'],
		['10509002', 'Acute bronchitis'],
		['32398004', 'Bronchitis'],
		['54150009', 'Upper respiratory infection'],
		['36971009', 'Sinusitis'],
		['65363002', 'Otitis media'],
		['90176007', 'Tonsillitis'],
		['43878008', 'Streptococcal sore throat'],
		['61582004', 'Allergic rhinitis'],
		['9826008', 'Conjunctivitis'],
		['4740000', 'Herpes zoster'],
		['38907003', 'Chickenpox'],
		['14189004', 'Measles'],
		['36989005', 'Mumps'],
		['76272004', 'Syphilis'],
		['15628003', 'Gonorrhoea'],
		['105629000', 'Chlamydial infection'],
		['78048006', 'Candidiasis'],
		['128045006', 'Cellulitis'],
		['44132006', 'Abscess'],
		['9014002', 'Psoriasis'],
		['24079001', 'Atopic dermatitis'],
		['43116000', 'Eczema'],
		['40275004', 'Contact dermatitis'],
		['414916001', 'Obesity'],
		['271737000', 'Anaemia'],
		['87522002', 'Iron deficiency anaemia'],
		['55822004', 'Hyperlipidaemia'],
		['13644009', 'Hypercholesterolaemia'],
		['370992007', 'Dyslipidaemia'],
		['237602007', 'Metabolic syndrome'],
		['78275009', 'Obstructive sleep apnoea'],
		['23986001', 'Glaucoma'],
		['193570009', 'Cataract'],
		['15188001', 'Hearing loss'],
		['60862001', 'Tinnitus'],
		['129103003', 'Endometriosis'],
		['363346000', 'Cancer'],
		['254837009', 'Breast cancer'],
		['399068003', 'Prostate cancer'],
		['363406005', 'Colon cancer'],
		['363358000', 'Lung cancer'],
		['254637007', 'Non-small cell lung cancer'],
		['363418001', 'Pancreatic cancer'],
		['363443007', 'Ovarian cancer'],
		['363354003', 'Cervical cancer'],
		['363518003', 'Kidney cancer'],
		['372244006', 'Malignant melanoma'],
		['118600007', 'Lymphoma'],
		['109989006', 'Multiple myeloma'],
		['125605004', 'Fracture of bone'],
		['71620000', 'Fracture of femur'],
		['5913000', 'Fracture of neck of femur'],
		['65966004', 'Fracture of forearm'],
		['55680006', 'Drug overdose'],
		['17602002', 'Amyloidosis']
	],
	finding: [
		['77176002', 'Smoker'],
		['8517006', 'Ex-smoker'],
		['266919005', 'Never smoked tobacco'],
		['77386006', 'Pregnant'],
		['267036007', 'Shortness of breath'],
		['29857009', 'Chest pain'],
		['25064002', 'Headache'],
		['279039007', 'Low back pain'],
		['57676002', 'Joint pain'],
		['386661006', 'Fever'],
		['49727002', 'Cough'],
		['422587007', 'Nausea'],
		['422400008', 'Vomiting'],
		['62315008', 'Diarrhoea'],
		['14760008', 'Constipation'],
		['21522001', 'Abdominal pain'],
		['404640003', 'Dizziness'],
		['399153001', 'Vertigo'],
		['84229001', 'Fatigue'],
		['193462001', 'Insomnia'],
		['82423001', 'Chronic pain'],
		['271807003', 'Rash'],
		['386692008', 'Menorrhagia'],
		['716186003', 'No known allergy']
	],
	procedure: [
		['80146002', 'Appendicectomy'],
		['236886002', 'Hysterectomy'],
		['38102005', 'Cholecystectomy'],
		['45595009', 'Laparoscopic cholecystectomy'],
		['52734007', 'Total hip replacement'],
		['609588000', 'Total knee replacement'],
		['232717009', 'Coronary artery bypass graft'],
		['415070008', 'Percutaneous coronary intervention'],
		['11466000', 'Caesarean section'],
		['177141003', 'Elective caesarean section'],
		['73761001', 'Colonoscopy'],
		['10847001', 'Bronchoscopy'],
		['44558001', 'Repair of inguinal hernia'],
		['90470006', 'Prostatectomy'],
		['173422009', 'Tonsillectomy'],
		['22523008', 'Vasectomy'],
		['23968004', 'Colectomy'],
		['392021009', 'Lumpectomy of breast'],
		['396487001', 'Sentinel lymph node biopsy'],
		['86273004', 'Biopsy'],
		['70536003', 'Kidney transplant'],
		['18027006', 'Liver transplant'],
		['32413006', 'Heart transplant'],
		['34068001', 'Heart valve replacement'],
		['108241001', 'Dialysis'],
		['302497006', 'Haemodialysis'],
		['71192002', 'Peritoneal dialysis'],
		['40701008', 'Echocardiography'],
		['29303009', 'Electrocardiogram'],
		['77477000', 'CT scan'],
		['113091000', 'MRI scan'],
		['16310003', 'Ultrasound scan'],
		['399208008', 'Chest X-ray'],
		['71651007', 'Mammography'],
		['24623002', 'Screening mammography'],
		['127783003', 'Spirometry'],
		['367336001', 'Chemotherapy'],
		['108290001', 'Radiotherapy'],
		['33879002', 'Vaccination'],
		['86198006', 'Influenza vaccination'],
		['65200003', 'Insertion of intrauterine contraceptive device'],
		['82078001', 'Blood sample taken'],
		['225358003', 'Wound care'],
		['387713003', 'Surgical procedure']
	],
	substance: [
		['386864001', 'Amlodipine'],
		['372567009', 'Metformin'],
		['387584000', 'Simvastatin'],
		['373444002', 'Atorvastatin'],
		['387458008', 'Aspirin'],
		['387517004', 'Paracetamol'],
		['387207008', 'Ibuprofen'],
		['372588000', 'Naproxen'],
		['7034005', 'Diclofenac'],
		['387494007', 'Codeine'],
		['373529000', 'Morphine'],
		['386858008', 'Tramadol'],
		['386845007', 'Gabapentin'],
		['372687004', 'Amoxicillin'],
		['372478003', 'Doxycycline'],
		['387487009', 'Clarithromycin'],
		['387170002', 'Trimethoprim'],
		['372756006', 'Warfarin'],
		['698090000', 'Apixaban'],
		['442031002', 'Rivaroxaban'],
		['386952008', 'Clopidogrel'],
		['387137007', 'Omeprazole'],
		['386888004', 'Lansoprazole'],
		['372897005', 'Salbutamol'],
		['372515005', 'Salmeterol'],
		['395726003', 'Budesonide'],
		['373728005', 'Montelukast'],
		['386872004', 'Ramipril'],
		['386873009', 'Lisinopril'],
		['373567002', 'Losartan'],
		['386868003', 'Bisoprolol'],
		['372772003', 'Propranolol'],
		['387475002', 'Furosemide'],
		['387078006', 'Spironolactone'],
		['387461009', 'Digoxin'],
		['386963006', 'Finasteride'],
		['372594008', 'Sertraline'],
		['372596005', 'Citalopram'],
		['372767007', 'Fluoxetine'],
		['372726002', 'Amitriptyline'],
		['387264003', 'Diazepam'],
		['386850001', 'Quetiapine'],
		['386849001', 'Olanzapine'],
		['386840002', 'Risperidone'],
		['387000003', 'Levetiracetam'],
		['387562000', 'Lamotrigine'],
		['387222003', 'Carbamazepine'],
		['387135004', 'Allopurinol'],
		['387413002', 'Colchicine'],
		['387381009', 'Methotrexate'],
		['373540008', 'Hydroxychloroquine'],
		['116601002', 'Prednisolone'],
		['67866001', 'Insulin'],
		['710809001', 'Levothyroxine']
	]
};

export const SNOMED_TERMS: readonly SnomedTerm[] = Object.entries(BY_KIND).flatMap(([kind, rows]) =>
	rows.map(([code, term]) => ({ code, term, kind: kind as SnomedKind }))
);

/** Lower-case words, split at anything not a letter or digit ("Crohn's" → crohn, s). */
const wordsOf = (text: string) =>
	text
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w !== '');

/**
 * Terms whose words start with every word typed, case-insensitively ("asth", "type 2 diab",
 * "hip repl"), or whose code starts with the digits typed. Ranked as a summariser expects: a term
 * that starts with what was typed, then one whose first word does, then the rest; shorter (more
 * general) terms first within each, then A to Z.
 */
export function searchSnomedTerms(
	query: string,
	limit = 8,
	terms: readonly SnomedTerm[] = SNOMED_TERMS
): SnomedTerm[] {
	const typed = wordsOf(query);
	if (typed.length === 0) return [];
	const digits = /^\d+$/.test(query.trim()) ? query.trim() : null;
	const phrase = typed.join(' ');
	const ranked: { term: SnomedTerm; rank: number }[] = [];
	for (const t of terms) {
		const words = wordsOf(t.term);
		if (digits !== null && t.code.startsWith(digits)) {
			ranked.push({ term: t, rank: 0 });
			continue;
		}
		if (!typed.every((q) => words.some((w) => w.startsWith(q)))) continue;
		const rank = words.join(' ').startsWith(phrase) ? 0 : words[0].startsWith(typed[0]) ? 1 : 2;
		ranked.push({ term: t, rank });
	}
	return ranked
		.sort(
			(a, b) =>
				a.rank - b.rank ||
				a.term.term.length - b.term.term.length ||
				a.term.term.localeCompare(b.term.term)
		)
		.slice(0, limit)
		.map((r) => r.term);
}
