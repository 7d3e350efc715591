/// The JSON Schema (draft 2020-12) of every record `zkdata` prints as JSON or NDJSON, per verb
/// (`zkdata schema VERB`). Properties are listed in the order the records print them.
/// `Tests/ZKDataTests/RecordSchemaTests` checks every verb's output on every fixture against
/// these, key order included.
enum RecordSchemas {
    /// The schema of a verb's records, as JSON text.
    static func schema(_ verb: RecordVerb) -> String {
        switch verb {
        case .status: return status
        case .doctor: return doctor
        case .repair: return repair
        case .log: return log
        case .history: return history
        case .at: return at
        case .members: return members
        case .diff: return diff
        case .du: return du
        }
    }

    private static let status = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "zkdata/status",
          "title": "zkdata status --format json: an array of file rows",
          "type": "array",
          "items": {
            "$ref": "#/$defs/file_row"
          },
          "$defs": {
        \#(fileRowDefinitions)
          }
        }
        """#

    private static let doctor = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "zkdata/doctor",
          "title": "zkdata doctor --format json",
          "$ref": "#/$defs/doctor",
          "$defs": {
        \#(fileRowDefinitions),
            "doctor": {
              "type": "object",
              "properties": {
                "snap_dir": {
                  "type": "string"
                },
                "log_dir": {
                  "type": "string"
                },
                "verdict": {
                  "type": "string"
                },
                "startup": {
                  "type": "object",
                  "properties": {
                    "starts": {
                      "type": "boolean"
                    },
                    "zxid": {
                      "$ref": "#/$defs/opt_zxid"
                    },
                    "snapshot": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "reason": {
                      "type": "string"
                    },
                    "exception": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "skipped_snapshots": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "snapshot": {
                            "type": "string"
                          },
                          "why": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "snapshot",
                          "why"
                        ],
                        "additionalProperties": false
                      }
                    },
                    "replay_from": {
                      "$ref": "#/$defs/opt_zxid"
                    },
                    "logs": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    "txns": {
                      "type": "integer"
                    }
                  },
                  "required": [
                    "starts",
                    "zxid",
                    "snapshot",
                    "reason",
                    "exception",
                    "skipped_snapshots",
                    "replay_from",
                    "logs",
                    "txns"
                  ],
                  "additionalProperties": false,
                  "description": "what a ZooKeeper 3.8 server does when started on the directory"
                },
                "findings": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "severity": {
                        "enum": [
                          "error",
                          "warning",
                          "info"
                        ]
                      },
                      "code": {
                        "type": "string"
                      },
                      "file": {
                        "type": "string"
                      },
                      "offset": {
                        "type": [
                          "integer",
                          "null"
                        ]
                      },
                      "message": {
                        "type": "string"
                      },
                      "fix": {
                        "type": "string"
                      }
                    },
                    "required": [
                      "severity",
                      "code",
                      "file",
                      "offset",
                      "message",
                      "fix"
                    ],
                    "additionalProperties": false
                  }
                },
                "files": {
                  "type": "array",
                  "items": {
                    "$ref": "#/$defs/file_row"
                  }
                }
              },
              "required": [
                "snap_dir",
                "log_dir",
                "verdict",
                "startup",
                "findings",
                "files"
              ],
              "additionalProperties": false,
              "description": "the one object of doctor --format json"
            }
          }
        }
        """#

    /// The `$defs` of a zxid and of damage found in a file (`status`, `doctor`, `repair`).
    private static let zxidAndDamageDefinitions = #"""
            "zxid": {
              "type": "string",
              "pattern": "^-?0x[0-9a-f]+$",
              "description": "a zxid or another 64-bit id as a hex string (jq and JavaScript lose 64-bit integers)"
            },
            "damage": {
              "type": [
                "object",
                "null"
              ],
              "properties": {
                "code": {
                  "type": "string"
                },
                "offset": {
                  "type": [
                    "integer",
                    "null"
                  ]
                },
                "detail": {
                  "type": "string"
                }
              },
              "required": [
                "code",
                "offset",
                "detail"
              ],
              "additionalProperties": false
            }
        """#

    /// What `status` and `doctor` share: the `$defs` of a file row (`status`'s records,
    /// `doctor`'s `files`).
    private static let fileRowDefinitions = #"""
        \#(zxidAndDamageDefinitions),
            "file_row": {
              "type": "object",
              "description": "one file: logs carry first_zxid, last_zxid and txns; snapshots zxid and nodes",
              "properties": {
                "file": {
                  "type": "string"
                },
                "kind": {
                  "enum": [
                    "log",
                    "snapshot",
                    "unknown"
                  ]
                },
                "codec": {
                  "type": "string"
                },
                "zxid": {
                  "$ref": "#/$defs/opt_zxid"
                },
                "nodes": {
                  "type": "integer"
                },
                "first_zxid": {
                  "$ref": "#/$defs/opt_zxid"
                },
                "last_zxid": {
                  "$ref": "#/$defs/opt_zxid"
                },
                "txns": {
                  "type": "integer"
                },
                "bytes": {
                  "type": "integer"
                },
                "digest": {
                  "type": "boolean"
                },
                "verdict": {
                  "type": "string",
                  "description": "ok, or the damage's code"
                },
                "damage": {
                  "$ref": "#/$defs/damage"
                }
              },
              "required": [
                "file",
                "kind",
                "codec",
                "bytes",
                "digest",
                "verdict",
                "damage"
              ],
              "additionalProperties": false
            },
            "opt_zxid": {
              "oneOf": [
                {
                  "$ref": "#/$defs/zxid"
                },
                {
                  "type": "null"
                }
              ]
            }
        """#

    private static let repair = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "zkdata/repair",
          "title": "zkdata repair --format json",
          "$ref": "#/$defs/repair",
          "$defs": {
        \#(zxidAndDamageDefinitions),
            "repair": {
              "type": "object",
              "properties": {
                "input": {
                  "type": "string"
                },
                "output": {
                  "type": "string"
                },
                "damage": {
                  "$ref": "#/$defs/damage"
                },
                "kept": {
                  "type": "integer"
                },
                "kept_zxids": {
                  "oneOf": [
                    {
                      "type": "array",
                      "items": {
                        "$ref": "#/$defs/zxid"
                      },
                      "minItems": 2,
                      "maxItems": 2
                    },
                    {
                      "type": "null"
                    }
                  ],
                  "description": "the first and last zxid, or null for none"
                },
                "salvaged": {
                  "type": "integer"
                },
                "salvaged_zxids": {
                  "oneOf": [
                    {
                      "type": "array",
                      "items": {
                        "$ref": "#/$defs/zxid"
                      },
                      "minItems": 2,
                      "maxItems": 2
                    },
                    {
                      "type": "null"
                    }
                  ],
                  "description": "the first and last zxid, or null for none"
                },
                "written": {
                  "type": "boolean"
                },
                "bytes": {
                  "type": "integer"
                }
              },
              "required": [
                "input",
                "output",
                "damage",
                "kept",
                "kept_zxids",
                "salvaged",
                "salvaged_zxids",
                "written",
                "bytes"
              ],
              "additionalProperties": false,
              "description": "the one object of repair --format json"
            }
          }
        }
        """#

    private static let log = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "zkdata/log",
          "title": "zkdata log: one txn or error record per line (--format ndjson), or the --stats object",
          "oneOf": [
            {
              "$ref": "#/$defs/txn"
            },
            {
              "$ref": "#/$defs/error"
            },
            {
              "$ref": "#/$defs/stats"
            }
          ],
          "$defs": {
        \#(txnDefinitions)
              },
              "required": [
                "zxid",
                "time",
                "time_ms",
                "session",
                "cxid",
                "op",
                "file",
                "offset"
              ],
              "additionalProperties": false,
              "description": "one txn"
            },
        \#(errorDefinition),
            "stats": {
              "type": "object",
              "properties": {
                "txns": {
                  "type": "integer"
                },
                "bytes": {
                  "type": "integer"
                },
                "errors": {
                  "type": "integer"
                },
                "zxid": {
                  "oneOf": [
                    {
                      "type": "object",
                      "properties": {
                        "first": {
                          "$ref": "#/$defs/zxid"
                        },
                        "last": {
                          "$ref": "#/$defs/zxid"
                        }
                      },
                      "required": [
                        "first",
                        "last"
                      ],
                      "additionalProperties": false
                    },
                    {
                      "type": "null"
                    }
                  ]
                },
                "time": {
                  "oneOf": [
                    {
                      "type": "object",
                      "properties": {
                        "first": {
                          "$ref": "#/$defs/time"
                        },
                        "last": {
                          "$ref": "#/$defs/time"
                        }
                      },
                      "required": [
                        "first",
                        "last"
                      ],
                      "additionalProperties": false
                    },
                    {
                      "type": "null"
                    }
                  ]
                },
                "ops": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "op": {
                        "type": "string"
                      },
                      "txns": {
                        "type": "integer"
                      },
                      "bytes": {
                        "type": "integer"
                      }
                    },
                    "required": [
                      "op",
                      "txns",
                      "bytes"
                    ],
                    "additionalProperties": false
                  }
                },
                "paths_by_writes": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "path": {
                        "type": "string"
                      },
                      "writes": {
                        "type": "integer"
                      }
                    },
                    "required": [
                      "path",
                      "writes"
                    ],
                    "additionalProperties": false
                  }
                },
                "paths_by_bytes": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "path": {
                        "type": "string"
                      },
                      "bytes": {
                        "type": "integer"
                      }
                    },
                    "required": [
                      "path",
                      "bytes"
                    ],
                    "additionalProperties": false
                  }
                },
                "sessions": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "session": {
                        "$ref": "#/$defs/zxid"
                      },
                      "txns": {
                        "type": "integer"
                      }
                    },
                    "required": [
                      "session",
                      "txns"
                    ],
                    "additionalProperties": false
                  }
                }
              },
              "required": [
                "txns",
                "bytes",
                "errors",
                "zxid",
                "time",
                "ops",
                "paths_by_writes",
                "paths_by_bytes",
                "sessions"
              ],
              "additionalProperties": false,
              "description": "log --stats --format json: the one object"
            },
        \#(subOpDefinition)
          }
        }
        """#

    private static let history = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "zkdata/history",
          "title": "zkdata history: one record per line",
          "oneOf": [
            {
              "$ref": "#/$defs/txn"
            },
            {
              "$ref": "#/$defs/error"
            }
          ],
          "$defs": {
        \#(txnDefinitions),
                "session_created": {
                  "oneOf": [
                    {
                      "$ref": "#/$defs/time"
                    },
                    {
                      "type": "null"
                    }
                  ]
                },
                "session_created_ms": {
                  "type": [
                    "integer",
                    "null"
                  ]
                },
                "session_timeout": {
                  "type": [
                    "integer",
                    "null"
                  ]
                }
              },
              "required": [
                "zxid",
                "time",
                "time_ms",
                "session",
                "cxid",
                "op",
                "file",
                "offset",
                "session_created",
                "session_created_ms",
                "session_timeout"
              ],
              "additionalProperties": false,
              "description": "one txn that created, changed or deleted the znode, with its session's createSession"
            },
        \#(errorDefinition),
        \#(subOpDefinition)
          }
        }
        """#

    /// The `$defs` of values that `log`, `history` and `at` records hold: zxid, time, data, ACL.
    private static let valueDefinitions = #"""
            "zxid": {
              "type": "string",
              "pattern": "^-?0x[0-9a-f]+$",
              "description": "a zxid or another 64-bit id as a hex string (jq and JavaScript lose 64-bit integers)"
            },
            "time": {
              "type": "string",
              "pattern": "^[+-]?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$",
              "description": "ISO-8601 UTC with milliseconds"
            },
            "data": {
              "type": "object",
              "description": "node data (len -1: null); utf8 when the bytes are valid UTF-8 and --data utf8|auto asks",
              "properties": {
                "len": {
                  "type": "integer",
                  "minimum": -1
                },
                "b64": {
                  "type": "string"
                },
                "utf8": {
                  "type": "string"
                }
              },
              "required": [
                "len"
              ],
              "additionalProperties": false
            },
            "acl": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "perms": {
                    "type": "string",
                    "description": "letters of c, d, r, w, a as ZooKeeper prints them"
                  },
                  "scheme": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "id": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                },
                "required": [
                  "perms",
                  "scheme",
                  "id"
                ],
                "additionalProperties": false
              }
            }
        """#

    /// What `log` and `history` records share: ``valueDefinitions``, then the txn record up to
    /// its `offset` property (`history` adds session properties after it).
    private static let txnDefinitions = #"""
        \#(valueDefinitions),
            "txn": {
              "type": "object",
              "properties": {
                "zxid": {
                  "$ref": "#/$defs/zxid"
                },
                "time": {
                  "$ref": "#/$defs/time"
                },
                "time_ms": {
                  "type": "integer"
                },
                "session": {
                  "$ref": "#/$defs/zxid"
                },
                "cxid": {
                  "type": "integer"
                },
                "op": {
                  "type": "string",
                  "description": "Request.op2String's name, as TxnLogToolkit prints it; unknown for an unknown type"
                },
        \#(opBodyProperties),
                "ops": {
                  "oneOf": [
                    {
                      "type": "array",
                      "items": {
                        "$ref": "#/$defs/sub_op"
                      }
                    },
                    {
                      "type": "null"
                    }
                  ]
                },
                "type": {
                  "type": "integer",
                  "description": "unknown op: the txn type"
                },
                "raw": {
                  "$ref": "#/$defs/data"
                },
                "digest": {
                  "type": "object",
                  "properties": {
                    "version": {
                      "type": "integer"
                    },
                    "tree": {
                      "$ref": "#/$defs/zxid"
                    }
                  },
                  "required": [
                    "version",
                    "tree"
                  ],
                  "additionalProperties": false
                },
                "file": {
                  "type": "string"
                },
                "offset": {
                  "type": "integer"
                }
        """#

    /// The damage record of `log` and `history`.
    private static let errorDefinition = #"""
            "error": {
              "type": "object",
              "properties": {
                "kind": {
                  "const": "error"
                },
                "file": {
                  "type": "string"
                },
                "offset": {
                  "type": "integer"
                },
                "code": {
                  "type": "string"
                },
                "detail": {
                  "type": "string"
                }
              },
              "required": [
                "kind",
                "file",
                "offset",
                "code",
                "detail"
              ],
              "additionalProperties": false,
              "description": "damage met while reading, in the stream where it was met"
            }
        """#

    /// The multi sub-op record of `log` and `history`.
    private static let subOpDefinition = #"""
            "sub_op": {
              "type": "object",
              "properties": {
                "op": {
                  "type": "string"
                },
        \#(opBodyProperties)
              },
              "required": [
                "op"
              ],
              "additionalProperties": false,
              "description": "a multi's sub-op: op and the body fields of its type"
            }
        """#

    /// The body fields of a txn or multi sub-op record (`path`, `data`, `acl`, …), by op.
    private static let opBodyProperties = #"""
                "path": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "data": {
                  "$ref": "#/$defs/data"
                },
                "acl": {
                  "oneOf": [
                    {
                      "$ref": "#/$defs/acl"
                    },
                    {
                      "type": "null"
                    }
                  ]
                },
                "ephemeral": {
                  "type": "boolean"
                },
                "parent_cversion": {
                  "type": "integer"
                },
                "ttl": {
                  "type": "integer"
                },
                "version": {
                  "type": "integer"
                },
                "timeout": {
                  "type": "integer"
                },
                "paths": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  },
                  "description": "closeSession: the ephemerals it deletes"
                },
                "err": {
                  "type": "integer"
                },
                "err_name": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
        """#

    private static let at = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "zkdata/at",
          "title": "zkdata at --format ndjson: one znode per line",
          "$ref": "#/$defs/node",
          "$defs": {
        \#(valueDefinitions),
            "node": {
              "type": "object",
              "properties": {
                "path": {
                  "type": "string"
                },
                "data": {
                  "$ref": "#/$defs/data"
                },
                "czxid": {
                  "$ref": "#/$defs/zxid"
                },
                "mzxid": {
                  "$ref": "#/$defs/zxid"
                },
                "pzxid": {
                  "$ref": "#/$defs/zxid"
                },
                "ctime": {
                  "$ref": "#/$defs/time"
                },
                "ctime_ms": {
                  "type": "integer"
                },
                "mtime": {
                  "$ref": "#/$defs/time"
                },
                "mtime_ms": {
                  "type": "integer"
                },
                "version": {
                  "type": "integer"
                },
                "cversion": {
                  "type": "integer"
                },
                "aversion": {
                  "type": "integer"
                },
                "ephemeral_owner": {
                  "$ref": "#/$defs/zxid"
                },
                "acl": {
                  "$ref": "#/$defs/acl"
                },
                "children": {
                  "type": "integer"
                }
              },
              "required": [
                "path",
                "data",
                "czxid",
                "mzxid",
                "pzxid",
                "ctime",
                "ctime_ms",
                "mtime",
                "mtime_ms",
                "version",
                "cversion",
                "aversion",
                "ephemeral_owner",
                "acl",
                "children"
              ],
              "additionalProperties": false,
              "description": "one znode of the rebuilt tree, in the snapshot's order"
            }
          }
        }
        """#

    private static let members = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "zkdata/members",
          "title": "zkdata members --format json",
          "$ref": "#/$defs/members",
          "$defs": {
            "zxid": {
              "type": "string",
              "pattern": "^-?0x[0-9a-f]+$",
              "description": "a zxid or another 64-bit id as a hex string (jq and JavaScript lose 64-bit integers)"
            },
            "opt_zxid": {
              "oneOf": [
                {
                  "$ref": "#/$defs/zxid"
                },
                {
                  "type": "null"
                }
              ]
            },
            "members": {
              "type": "object",
              "properties": {
                "identical": {
                  "type": "boolean"
                },
                "identical_up_to": {
                  "$ref": "#/$defs/opt_zxid"
                },
                "diverge_at": {
                  "$ref": "#/$defs/opt_zxid"
                },
                "compared": {
                  "type": "integer"
                },
                "members": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "dir": {
                        "type": "string"
                      },
                      "first": {
                        "$ref": "#/$defs/opt_zxid"
                      },
                      "last": {
                        "$ref": "#/$defs/opt_zxid"
                      },
                      "entry": {
                        "oneOf": [
                          {
                            "type": "object",
                            "properties": {
                              "summary": {
                                "type": "string"
                              },
                              "file": {
                                "type": "string"
                              },
                              "offset": {
                                "type": "integer"
                              }
                            },
                            "required": [
                              "summary",
                              "file",
                              "offset"
                            ],
                            "additionalProperties": false
                          },
                          {
                            "type": "null"
                          }
                        ]
                      }
                    },
                    "required": [
                      "dir",
                      "first",
                      "last",
                      "entry"
                    ],
                    "additionalProperties": false
                  }
                }
              },
              "required": [
                "identical",
                "identical_up_to",
                "diverge_at",
                "compared",
                "members"
              ],
              "additionalProperties": false,
              "description": "the one object of members --format json"
            }
          }
        }
        """#

    private static let diff = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "zkdata/diff",
          "title": "zkdata diff: one change per line (--format ndjson), or the --format json object",
          "oneOf": [
            {
              "$ref": "#/$defs/change"
            },
            {
              "$ref": "#/$defs/report"
            }
          ],
          "$defs": {
            "change": {
              "type": "object",
              "properties": {
                "path": {
                  "type": "string"
                },
                "change": {
                  "enum": [
                    "added",
                    "removed",
                    "modified"
                  ]
                },
                "fields": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  },
                  "description": "modified: what differs among data, acl and the stat fields"
                },
                "bytes_a": {
                  "type": "integer"
                },
                "bytes_b": {
                  "type": "integer"
                }
              },
              "required": [
                "path",
                "change",
                "fields"
              ],
              "additionalProperties": false,
              "description": "one znode that differs (--format ndjson: one per line)"
            },
            "report": {
              "type": "object",
              "properties": {
                "a": {
                  "type": "string"
                },
                "b": {
                  "type": "string"
                },
                "nodes_a": {
                  "type": "integer"
                },
                "nodes_b": {
                  "type": "integer"
                },
                "added": {
                  "type": "integer"
                },
                "removed": {
                  "type": "integer"
                },
                "modified": {
                  "type": "integer"
                },
                "changes": {
                  "type": "array",
                  "items": {
                    "$ref": "#/$defs/change"
                  }
                }
              },
              "required": [
                "a",
                "b",
                "nodes_a",
                "nodes_b",
                "added",
                "removed",
                "modified",
                "changes"
              ],
              "additionalProperties": false,
              "description": "diff --format json: the one object"
            }
          }
        }
        """#

    private static let du = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "zkdata/du",
          "title": "zkdata du --format json",
          "$ref": "#/$defs/du",
          "$defs": {
            "zxid": {
              "type": "string",
              "pattern": "^-?0x[0-9a-f]+$",
              "description": "a zxid or another 64-bit id as a hex string (jq and JavaScript lose 64-bit integers)"
            },
            "du": {
              "type": "object",
              "properties": {
                "nodes": {
                  "type": "integer"
                },
                "bytes": {
                  "type": "integer"
                },
                "subtrees": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "path": {
                        "type": "string"
                      },
                      "depth": {
                        "type": "integer"
                      },
                      "nodes": {
                        "type": "integer"
                      },
                      "bytes": {
                        "type": "integer"
                      },
                      "children": {
                        "type": "integer"
                      }
                    },
                    "required": [
                      "path",
                      "depth",
                      "nodes",
                      "bytes",
                      "children"
                    ],
                    "additionalProperties": false
                  }
                },
                "largest": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "path": {
                        "type": "string"
                      },
                      "bytes": {
                        "type": "integer"
                      }
                    },
                    "required": [
                      "path",
                      "bytes"
                    ],
                    "additionalProperties": false
                  }
                },
                "most_children": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "path": {
                        "type": "string"
                      },
                      "children": {
                        "type": "integer"
                      }
                    },
                    "required": [
                      "path",
                      "children"
                    ],
                    "additionalProperties": false
                  }
                },
                "sessions": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "session": {
                        "$ref": "#/$defs/zxid"
                      },
                      "ephemerals": {
                        "type": "integer"
                      },
                      "bytes": {
                        "type": "integer"
                      },
                      "timeout_ms": {
                        "type": [
                          "integer",
                          "null"
                        ]
                      },
                      "close_txn_bytes": {
                        "type": "integer"
                      },
                      "close_txn_over_maxbuffer": {
                        "type": "boolean"
                      }
                    },
                    "required": [
                      "session",
                      "ephemerals",
                      "bytes",
                      "timeout_ms",
                      "close_txn_bytes",
                      "close_txn_over_maxbuffer"
                    ],
                    "additionalProperties": false
                  }
                },
                "near_limit": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "path": {
                        "type": "string"
                      },
                      "bytes": {
                        "type": "integer"
                      }
                    },
                    "required": [
                      "path",
                      "bytes"
                    ],
                    "additionalProperties": false
                  }
                },
                "near_limit_count": {
                  "type": "integer"
                },
                "near_limit_bytes": {
                  "type": "integer"
                },
                "jute_maxbuffer": {
                  "type": "integer"
                },
                "snapshot": {
                  "type": "string"
                },
                "zxid": {
                  "$ref": "#/$defs/zxid"
                },
                "prefix": {
                  "type": "string"
                },
                "digest": {
                  "type": "boolean"
                },
                "seals_valid": {
                  "type": "boolean"
                }
              },
              "required": [
                "nodes",
                "bytes",
                "subtrees",
                "largest",
                "most_children",
                "sessions",
                "near_limit",
                "near_limit_count",
                "near_limit_bytes",
                "jute_maxbuffer",
                "snapshot",
                "zxid",
                "prefix",
                "digest",
                "seals_valid"
              ],
              "additionalProperties": false,
              "description": "the one object of du --format json"
            }
          }
        }
        """#
}

/// The verbs that print JSON or NDJSON records.
enum RecordVerb: String, CaseIterable, Sendable {
    case status, doctor, repair, log, history, at, members, diff, du
}
