// Browser checks of the merchant dashboard cards (analytics), run by run.mjs in the same
// browser and server as the rest. register(test, helpers) adds them.
export function register(test, h) {
}
