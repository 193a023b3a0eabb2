// The lite package has no dependencies of its own: its modules are in ../lib
// and resolve from ../node_modules. jupyter-builder runs an install in a
// package folder without node_modules; an empty one tells it there is
// nothing to install.
const fs = require('fs');
const path = require('path');

fs.mkdirSync(path.join(__dirname, 'node_modules'), { recursive: true });
