/** Value pools for the demo data. Cities carry their country so addresses stay plausible. */

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'Lucas', 'Mia', 'Mateo', 'Amelia', 'Leon',
  'Charlotte', 'Hugo', 'Léa', 'Jonas', 'Zoë', 'Lukas', 'Sofía', 'Pablo', 'Chloé', 'Théo', 'Anna', 'Finn', 'Hannah', 'Emil',
  'Giulia', 'Marco', 'Yuki', 'Haruto', 'Priya', 'Arjun', 'Fatima', 'Omar', 'Ingrid', 'Lars', 'Aoife', 'Seán', 'Maja', 'Jakub',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Müller', 'Schmidt',
  'Schneider', 'Fischer', 'Weber', 'Martin', 'Bernard', 'Dubois', 'Durand', 'Rossi', 'Russo', 'Ferrari', 'Sato', 'Suzuki',
  'Patel', 'Sharma', 'Khan', 'Hansen', 'Johansson', "O'Brien", 'Murphy', 'Nowak', 'Kowalski', 'van Dijk', 'de Vries', 'Øster',
] as const;

export const CITIES: readonly (readonly [city: string, country: string])[] = [
  ['Seattle', 'United States'], ['San Francisco', 'United States'], ['New York', 'United States'], ['Chicago', 'United States'],
  ['Austin', 'United States'], ['Boston', 'United States'], ['London', 'United Kingdom'], ['Manchester', 'United Kingdom'],
  ['Dublin', 'Ireland'], ['Berlin', 'Germany'], ['München', 'Germany'], ['Hamburg', 'Germany'], ['Paris', 'France'],
  ['Lyon', 'France'], ['Madrid', 'Spain'], ['Barcelona', 'Spain'], ['Milano', 'Italy'], ['Roma', 'Italy'], ['Amsterdam', 'Netherlands'],
  ['Utrecht', 'Netherlands'], ['Stockholm', 'Sweden'], ['Oslo', 'Norway'], ['København', 'Denmark'], ['Warszawa', 'Poland'],
  ['Zürich', 'Switzerland'], ['Wien', 'Austria'], ['Toronto', 'Canada'], ['Vancouver', 'Canada'], ['Sydney', 'Australia'],
  ['Melbourne', 'Australia'], ['Tokyo', 'Japan'], ['Osaka', 'Japan'], ['Bengaluru', 'India'], ['Mumbai', 'India'],
  ['São Paulo', 'Brazil'], ['Ciudad de México', 'Mexico'], ['İstanbul', 'Türkiye'], ['Dubai', 'United Arab Emirates'],
];

export const JOB_TITLES = [
  'Marketing Manager', 'Software Engineer', 'Sales Representative', 'Account Executive', 'Product Manager', 'CEO', 'CTO', 'CFO',
  'Marketing Director', 'Data Analyst', 'Office Manager', 'HR Manager', 'Purchasing Manager', 'Consultant', 'Designer',
  'Operations Manager', 'IT Manager', 'Customer Success Manager', 'Event Coordinator', 'Content Strategist', 'Engineer',
  'Head of Growth', 'VP Sales', 'Project Manager', 'Administrator', 'Teacher', 'Nurse', 'Pharmacist', 'Architect', 'Student',
] as const;

export const INDUSTRIES = [
  'Retail', 'Software', 'Manufacturing', 'Healthcare', 'Financial Services', 'Education', 'Hospitality', 'Construction',
  'Transportation', 'Energy', 'Media', 'Telecommunications', 'Agriculture', 'Pharmaceuticals', 'Real Estate', 'Consulting',
  'Government', 'Non-profit', 'Automotive', 'Food & Beverage',
] as const;

export const PETS = ['Birds', 'Cats', 'Dogs', 'Fish', 'Reptiles'] as const;

export const COMPANY_WORDS = ['Contoso', 'Fabrikam', 'Northwind', 'Adventure Works', 'Litware', 'Tailspin', 'Wingtip', 'Proseware', 'Alpine', 'Coho', 'Fourth Coffee', 'Lucerne', 'Margie', 'Trey', 'Wide World', 'Woodgrove', 'Humongous', 'Blue Yonder', 'Graphic Design', 'Southridge'] as const;
export const COMPANY_SUFFIX = ['Ltd', 'Inc', 'GmbH', 'SA', 'BV', 'AB', 'Group', 'Partners', 'Labs', 'Holdings'] as const;

export const PAGES = ['/', '/pricing', '/products', '/products/segments', '/blog', '/blog/offline-marketing', '/events', '/contact', '/careers', '/docs', '/webinar', '/trial'] as const;
export const EVENTS = ['Spring Expo', 'Partner Summit', 'Product Webinar', 'Customer Day', 'Roadshow Berlin', 'Roadshow Seattle', 'Winter Gala'] as const;
export const FORMS = ['Newsletter signup', 'Contact us', 'Demo request', 'Whitepaper download', 'Event feedback'] as const;
