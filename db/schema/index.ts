export * from './users';
export * from './reference';
export * from './patients';
export * from './pathways';
export * from './sessions';
export * from './caseNotes';
export * from './audit';
export * from './settings';
