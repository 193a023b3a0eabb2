"""Labs on the host side: reading and validating a lab's manifest, and the runtime gate."""
