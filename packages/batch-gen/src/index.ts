// The stage's public API lands with its issue.
export {};
