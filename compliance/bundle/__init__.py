"""Reading a bundle: files and streams parsed, records validated field by field, fields located in their files."""
