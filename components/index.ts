export * from "./encrypted-bucket";
export * from "./tags";
export * from "./tenant-keyring";
