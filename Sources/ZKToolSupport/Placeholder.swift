public enum ZKToolSupportPlaceholder {}
