"""Records in Excel/WPS workbooks: read (streaming, what clerks really type accepted), written, templates."""
