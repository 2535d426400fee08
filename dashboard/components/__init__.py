"""Building blocks shared by the pages: filters, tiles, tables, charts, texts."""
