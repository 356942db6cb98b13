// Filled by the storage work (issue 3).
export {};
