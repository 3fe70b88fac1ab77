// sarif_check.js SCHEMA FILE...: each FILE checked against the SARIF 2.1.0 JSON schema
// (draft-04, as OASIS published it; its language pattern is no valid unicode regular
// expression, hence unicodeRegExp off) with ajv; prints the errors, exits 1 if any.
'use strict';
const fs = require('fs');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');
const [schemaFile, ...files] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
let bad = 0;
for (const f of files) {
	if (validate(JSON.parse(fs.readFileSync(f, 'utf8')))) {
		console.log(`${f}: valid`);
	} else {
		bad = 1;
		for (const e of validate.errors)
			console.log(`${f}: ${e.instancePath || '/'} ${e.message}`);
	}
}
process.exit(bad);
