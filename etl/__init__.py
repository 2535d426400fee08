"""The write side: fetch sources, parse them into staging, run the SQL models, swap the build in."""
