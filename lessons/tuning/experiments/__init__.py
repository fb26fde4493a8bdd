"""The tuning lesson's experiments, one file each; steps/ puts them on the page."""
