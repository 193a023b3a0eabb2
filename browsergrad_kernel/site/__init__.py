"""The site that `jupyter lite build` makes: the runtime's files, the kernel settings, the
isolation service worker, the wheel index, and serving a built site."""
