public enum ZKStoragePlaceholder {}
