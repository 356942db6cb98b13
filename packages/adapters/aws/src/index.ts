// Filled by the HTTP adapter work (issue 2).
export {};
