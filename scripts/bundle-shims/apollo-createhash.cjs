// Stands in for @apollo/utils.createhash in the server bundle. The package reaches Node's crypto
// through `module.require`, which a module inside a bundle does not have, and would otherwise hash
// every request's query in JavaScript (sha.js).
exports.createHash = (kind) => require('node:crypto').createHash(kind);
