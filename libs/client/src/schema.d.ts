// Generated from the API's OpenAPI document by apps/api/src/openapi-client.spec.ts (UPDATE_CLIENT=1). Do not edit.
export interface paths {
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI 3.1 document
         * @description No token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/queues/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open the queue board (/admin/queues) in this browser: a cookie with the access token, for the board's paths only
         * @description Needs permission `queues.view`, in a signed-in session (API tokens are refused).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/annotation-sets/{id}/ops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Committed ops after a server_seq, in order (catch-up)
         * @description Needs permission `annotations.read`.
         */
        get: {
            parameters: {
                query?: {
                    after?: number;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                actorId: string;
                                /** Format: date-time */
                                at: string;
                                op: unknown;
                                serverSeq: number;
                            }[];
                            more: boolean;
                            serverSeq: number;
                            /** Format: uuid */
                            setId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/annotations/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who changed what of one annotation, and when
         * @description Needs permission `annotations.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                actor: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                /** Format: date-time */
                                at: string;
                                changes: {
                                    [key: string]: unknown;
                                };
                                serverSeq: number;
                                /** @enum {string} */
                                type: "create" | "update" | "delete";
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your API tokens (an owner's or admin's: everyone's in the organisation), newest first
         * @description Needs permission `tokens.manage`, in a signed-in session (API tokens are refused).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                expiresAt: string | null;
                                hint: string;
                                /** Format: uuid */
                                id: string;
                                lastUsedAt: string | null;
                                name: string;
                                owner: {
                                    email: string;
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                readOnly: boolean;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Make an API token for scripts (`Authorization: Bearer tsr_…`), with your password again; it acts as you, with your role at each request. The answer carries the token, shown this once
         * @description Needs permission `tokens.manage`, in a signed-in session (API tokens are refused).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description your password, again: a session's access token alone does not make a long-lived credential */
                        currentPassword: string;
                        /**
                         * @description days until it stops working; null: never
                         * @default 90
                         */
                        expiresInDays?: number | null;
                        /** @description what the token is for, to tell it apart later */
                        name: string;
                        /**
                         * @description only reads (GET, and the few POSTs that only read, such as a release's download link)
                         * @default false
                         */
                        readOnly?: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            expiresAt: string | null;
                            hint: string;
                            /** Format: uuid */
                            id: string;
                            lastUsedAt: string | null;
                            name: string;
                            owner: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            readOnly: boolean;
                            token: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API token (yours; an owner or admin: anyone's in the organisation): refused from the next request on
         * @description Needs permission `tokens.manage`, in a signed-in session (API tokens are refused).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One asset
         * @description Needs permission `assets.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contentType: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            error: string | null;
                            errorCode: ("file.empty" | "file.too_large" | "file.wrong_type" | "image.unreadable" | "image.unsupported_format" | "image.no_size" | "image.too_many_pixels" | "image.damaged" | "text.too_large" | "text.invalid_utf8" | "text.binary" | "records.unreadable" | "records.no_text_field" | "records.none_usable" | "dicom.not_dicom" | "dicom.unreadable" | "dicom.unsupported" | "dicom.no_uid" | "dicom.no_pixel_data" | "dicom.too_complex" | "dicom.quarantined" | "zip.unreadable" | "zip.damaged" | "zip.bomb" | "zip.unsafe_path" | "zip.symlink" | "zip.too_large" | "zip.too_many_entries" | "zip.nested" | "zip.damaged_entry" | "ingest.gave_up") | null;
                            gold: boolean;
                            hasThumbnail: boolean;
                            height: number | null;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "image" | "text" | "dicom";
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
                            preview: string | null;
                            /** Format: uuid */
                            projectId: string;
                            sha256: string;
                            size: number;
                            /** @enum {string} */
                            status: "pending" | "ready" | "failed" | "quarantined";
                            thumbnailUrl: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            width: number | null;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an asset with its annotations and tasks (its bytes go once nothing else holds them; releases keep theirs)
         * @description Needs permission `assets.delete`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/annotations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An asset's annotations and the server_seq they reflect
         * @description Needs permission `annotations.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            annotations: {
                                attributes: {
                                    [key: string]: string | number | boolean | string[];
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                createdBy: string;
                                geometry: {
                                    height: number;
                                    /** @default 0 */
                                    rotation: number;
                                    /** @constant */
                                    type: "box";
                                    width: number;
                                    x: number;
                                    y: number;
                                } | {
                                    points: [
                                        number,
                                        number
                                    ][];
                                    /** @constant */
                                    type: "polygon";
                                } | {
                                    points: [
                                        number,
                                        number
                                    ][];
                                    /** @constant */
                                    type: "polyline";
                                } | {
                                    points: [
                                        number,
                                        number
                                    ][];
                                    /** @constant */
                                    type: "points";
                                } | {
                                    points: ({
                                        /** @default true */
                                        visible: boolean;
                                        x: number;
                                        y: number;
                                    } | null)[];
                                    /** @constant */
                                    type: "keypoints";
                                } | {
                                    rle: {
                                        counts: number[];
                                        size: [
                                            number,
                                            number
                                        ];
                                    };
                                    /** @constant */
                                    type: "mask";
                                } | {
                                    /** @constant */
                                    type: "tag";
                                } | {
                                    end: number;
                                    start: number;
                                    /** @constant */
                                    type: "span";
                                } | {
                                    /** Format: uuid */
                                    from: string;
                                    /** Format: uuid */
                                    to: string;
                                    /** @constant */
                                    type: "relation";
                                } | {
                                    /** @constant */
                                    type: "doc-label";
                                } | {
                                    slices: {
                                        [key: string]: {
                                            counts: number[];
                                            size: [
                                                number,
                                                number
                                            ];
                                        };
                                    };
                                    /** @constant */
                                    type: "segment";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "length";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "ellipse";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "rectangle";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "angle";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "bidirectional";
                                } | {
                                    /**
                                     * @default series
                                     * @enum {string}
                                     */
                                    scope: "series" | "study";
                                    /** @constant */
                                    type: "classification";
                                };
                                groupId: string | null;
                                /** Format: uuid */
                                id: string;
                                labelId: string;
                                predictionId: string | null;
                                schemaVersion: number;
                                score: number | null;
                                /** @enum {string} */
                                source: "human" | "model" | "import" | "consensus";
                                span?: {
                                    codePointEnd: number;
                                    codePointStart: number;
                                    text: string;
                                };
                                /** Format: date-time */
                                updatedAt: string;
                                /** Format: uuid */
                                updatedBy: string;
                                version: number;
                                zIndex: number;
                            }[];
                            /** Format: uuid */
                            assetId: string;
                            serverSeq: number;
                            /** Format: uuid */
                            setId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/annotations/ops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a batch of ops (create, update, delete) as the socket does: each is committed once, by (clientId, clientSeq), or rejected with a reason
         * @description Needs permission `annotations.edit`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ops: unknown[];
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: ({
                                clientSeq: number;
                                serverSeq: number;
                                /** @constant */
                                status: "committed";
                                warnings?: string[];
                            } | {
                                clientSeq: number | null;
                                /** @enum {string} */
                                code: "invalid" | "forbidden" | "not_found" | "conflict" | "too_large" | "throttled" | "unavailable";
                                errors?: {
                                    message: string;
                                    path: string;
                                }[];
                                message: string;
                                /** @constant */
                                status: "rejected";
                            })[];
                            serverSeq: number;
                            /** Format: uuid */
                            setId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/auto-annotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Auto-annotate an asset with a model enabled in its project: a background job whose predictions arrive live in its working set
         * @description Needs permission `models.run`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        modelId: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The asset's checked content (image bytes, or the normalised text)
         * @description Needs permission `assets.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/octet-stream": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The asset's bytes as short-lived signed URLs: the image, the text, or every DICOM instance in slice order
         * @description Needs permission `assets.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            assetId: string;
                            /** Format: date-time */
                            expiresAt: string;
                            items: {
                                contentType: string;
                                geometry?: {
                                    bitsAllocated: number;
                                    bitsStored: number;
                                    columns: number;
                                    highBit: number;
                                    orientation: number[];
                                    photometricInterpretation: string;
                                    pixelRepresentation: number;
                                    pixelSpacing: number[];
                                    position: number[];
                                    rescaleIntercept: number;
                                    rescaleSlope: number;
                                    rows: number;
                                    samplesPerPixel: number;
                                    sliceThickness: number | null;
                                } | null;
                                /** Format: uuid */
                                instanceId?: string;
                                instanceNumber?: number | null;
                                /** @enum {string} */
                                kind: "content" | "instance";
                                size: number;
                                sopInstanceUid?: string;
                                url: string;
                            }[];
                            thumbnailUrl: string | null;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/gold": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Mark an asset as gold: its working set's annotations are the reference answers
         * @description Needs permission `gold.manage`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        gold: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            assetId: string;
                            gold: boolean;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/instances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A DICOM series' de-identified instances, in slice order
         * @description Needs permission `assets.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                instanceNumber: number | null;
                                sopInstanceUid: string;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/instances/{instanceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One de-identified DICOM instance (Part-10)
         * @description Needs permission `assets.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    instanceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/dicom": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/instances/{instanceId}/original": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The kept original of a DICOM instance, before de-identification (owners and admins; audited)
         * @description Needs permission `assets.originals`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    instanceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/dicom": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/quality": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One asset's agreement and consensus, with each person's work and what the others disagreed with
         * @description Needs permission `quality.review`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptedAt: string | null;
                            acceptedBy: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            } | null;
                            agreement: number | null;
                            /** Format: uuid */
                            assetId: string;
                            assetName: string;
                            /** Format: date-time */
                            computedAt: string;
                            dropped: number;
                            objects: {
                                attributes: {
                                    [key: string]: unknown;
                                };
                                geometry: unknown;
                                /** Format: uuid */
                                id: string;
                                labelId: string;
                                support: number;
                                tie: boolean;
                            }[];
                            pairwise: {
                                /** Format: uuid */
                                a: string;
                                /** Format: uuid */
                                b: string;
                                f1: number;
                            }[];
                            people: {
                                annotations: {
                                    attributes: {
                                        [key: string]: string | number | boolean | string[];
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** Format: uuid */
                                    createdBy: string;
                                    geometry: {
                                        height: number;
                                        /** @default 0 */
                                        rotation: number;
                                        /** @constant */
                                        type: "box";
                                        width: number;
                                        x: number;
                                        y: number;
                                    } | {
                                        points: [
                                            number,
                                            number
                                        ][];
                                        /** @constant */
                                        type: "polygon";
                                    } | {
                                        points: [
                                            number,
                                            number
                                        ][];
                                        /** @constant */
                                        type: "polyline";
                                    } | {
                                        points: [
                                            number,
                                            number
                                        ][];
                                        /** @constant */
                                        type: "points";
                                    } | {
                                        points: ({
                                            /** @default true */
                                            visible: boolean;
                                            x: number;
                                            y: number;
                                        } | null)[];
                                        /** @constant */
                                        type: "keypoints";
                                    } | {
                                        rle: {
                                            counts: number[];
                                            size: [
                                                number,
                                                number
                                            ];
                                        };
                                        /** @constant */
                                        type: "mask";
                                    } | {
                                        /** @constant */
                                        type: "tag";
                                    } | {
                                        end: number;
                                        start: number;
                                        /** @constant */
                                        type: "span";
                                    } | {
                                        /** Format: uuid */
                                        from: string;
                                        /** Format: uuid */
                                        to: string;
                                        /** @constant */
                                        type: "relation";
                                    } | {
                                        /** @constant */
                                        type: "doc-label";
                                    } | {
                                        slices: {
                                            [key: string]: {
                                                counts: number[];
                                                size: [
                                                    number,
                                                    number
                                                ];
                                            };
                                        };
                                        /** @constant */
                                        type: "segment";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "length";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "ellipse";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "rectangle";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "angle";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "bidirectional";
                                    } | {
                                        /**
                                         * @default series
                                         * @enum {string}
                                         */
                                        scope: "series" | "study";
                                        /** @constant */
                                        type: "classification";
                                    };
                                    groupId: string | null;
                                    /** Format: uuid */
                                    id: string;
                                    labelId: string;
                                    predictionId: string | null;
                                    schemaVersion: number;
                                    score: number | null;
                                    /** @enum {string} */
                                    source: "human" | "model" | "import" | "consensus";
                                    /** Format: date-time */
                                    updatedAt: string;
                                    /** Format: uuid */
                                    updatedBy: string;
                                    version: number;
                                    zIndex: number;
                                }[];
                                disagreements: {
                                    /** Format: uuid */
                                    annotationId: string;
                                    /** @enum {string} */
                                    kind: "missed" | "extra" | "wrong_label" | "attribute" | "boundary";
                                }[];
                                /** Format: uuid */
                                taskId: string;
                                user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                weight: number;
                            }[];
                            /** Format: uuid */
                            projectId: string;
                            /** @enum {string} */
                            state: "review" | "accepted" | "agreed";
                            ties: number;
                            version: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/quality/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept the consensus as the asset's result
         * @description Needs permission `quality.review`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptedAt: string | null;
                            acceptedBy: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            } | null;
                            agreement: number | null;
                            /** Format: uuid */
                            assetId: string;
                            assetName: string;
                            /** Format: date-time */
                            computedAt: string;
                            dropped: number;
                            objects: {
                                attributes: {
                                    [key: string]: unknown;
                                };
                                geometry: unknown;
                                /** Format: uuid */
                                id: string;
                                labelId: string;
                                support: number;
                                tie: boolean;
                            }[];
                            pairwise: {
                                /** Format: uuid */
                                a: string;
                                /** Format: uuid */
                                b: string;
                                f1: number;
                            }[];
                            people: {
                                annotations: {
                                    attributes: {
                                        [key: string]: string | number | boolean | string[];
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** Format: uuid */
                                    createdBy: string;
                                    geometry: {
                                        height: number;
                                        /** @default 0 */
                                        rotation: number;
                                        /** @constant */
                                        type: "box";
                                        width: number;
                                        x: number;
                                        y: number;
                                    } | {
                                        points: [
                                            number,
                                            number
                                        ][];
                                        /** @constant */
                                        type: "polygon";
                                    } | {
                                        points: [
                                            number,
                                            number
                                        ][];
                                        /** @constant */
                                        type: "polyline";
                                    } | {
                                        points: [
                                            number,
                                            number
                                        ][];
                                        /** @constant */
                                        type: "points";
                                    } | {
                                        points: ({
                                            /** @default true */
                                            visible: boolean;
                                            x: number;
                                            y: number;
                                        } | null)[];
                                        /** @constant */
                                        type: "keypoints";
                                    } | {
                                        rle: {
                                            counts: number[];
                                            size: [
                                                number,
                                                number
                                            ];
                                        };
                                        /** @constant */
                                        type: "mask";
                                    } | {
                                        /** @constant */
                                        type: "tag";
                                    } | {
                                        end: number;
                                        start: number;
                                        /** @constant */
                                        type: "span";
                                    } | {
                                        /** Format: uuid */
                                        from: string;
                                        /** Format: uuid */
                                        to: string;
                                        /** @constant */
                                        type: "relation";
                                    } | {
                                        /** @constant */
                                        type: "doc-label";
                                    } | {
                                        slices: {
                                            [key: string]: {
                                                counts: number[];
                                                size: [
                                                    number,
                                                    number
                                                ];
                                            };
                                        };
                                        /** @constant */
                                        type: "segment";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "length";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "ellipse";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "rectangle";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "angle";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "bidirectional";
                                    } | {
                                        /**
                                         * @default series
                                         * @enum {string}
                                         */
                                        scope: "series" | "study";
                                        /** @constant */
                                        type: "classification";
                                    };
                                    groupId: string | null;
                                    /** Format: uuid */
                                    id: string;
                                    labelId: string;
                                    predictionId: string | null;
                                    schemaVersion: number;
                                    score: number | null;
                                    /** @enum {string} */
                                    source: "human" | "model" | "import" | "consensus";
                                    /** Format: date-time */
                                    updatedAt: string;
                                    /** Format: uuid */
                                    updatedBy: string;
                                    version: number;
                                    zIndex: number;
                                }[];
                                disagreements: {
                                    /** Format: uuid */
                                    annotationId: string;
                                    /** @enum {string} */
                                    kind: "missed" | "extra" | "wrong_label" | "attribute" | "boundary";
                                }[];
                                /** Format: uuid */
                                taskId: string;
                                user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                weight: number;
                            }[];
                            /** Format: uuid */
                            projectId: string;
                            /** @enum {string} */
                            state: "review" | "accepted" | "agreed";
                            ties: number;
                            version: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a quarantined DICOM series (possible burned-in text checked)
         * @description Needs permission `assets.release`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contentType: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            error: string | null;
                            errorCode: ("file.empty" | "file.too_large" | "file.wrong_type" | "image.unreadable" | "image.unsupported_format" | "image.no_size" | "image.too_many_pixels" | "image.damaged" | "text.too_large" | "text.invalid_utf8" | "text.binary" | "records.unreadable" | "records.no_text_field" | "records.none_usable" | "dicom.not_dicom" | "dicom.unreadable" | "dicom.unsupported" | "dicom.no_uid" | "dicom.no_pixel_data" | "dicom.too_complex" | "dicom.quarantined" | "zip.unreadable" | "zip.damaged" | "zip.bomb" | "zip.unsafe_path" | "zip.symlink" | "zip.too_large" | "zip.too_many_entries" | "zip.nested" | "zip.damaged_entry" | "ingest.gave_up") | null;
                            gold: boolean;
                            hasThumbnail: boolean;
                            height: number | null;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "image" | "text" | "dicom";
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
                            preview: string | null;
                            /** Format: uuid */
                            projectId: string;
                            sha256: string;
                            size: number;
                            /** @enum {string} */
                            status: "pending" | "ready" | "failed" | "quarantined";
                            thumbnailUrl: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            width: number | null;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a failed asset through ingest again
         * @description Needs permission `assets.upload`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/thumbnail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A ~256 px WebP thumbnail of an image asset
         * @description Needs permission `assets.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/webp": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your organisation's audit log, newest first
         * @description Needs permission `audit.read`.
         */
        get: {
            parameters: {
                query?: {
                    action?: string;
                    actorId?: string;
                    from?: string;
                    limit?: number;
                    offset?: number;
                    resourceType?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                actorEmail: string | null;
                                actorId: string | null;
                                apiTokenId: string | null;
                                /** Format: date-time */
                                at: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                /** @description monotonic id (bigint as string) */
                                id: string;
                                ip: string | null;
                                requestId: string | null;
                                resourceId: string | null;
                                resourceType: string;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export a date range of the audit log as CSV (a background job)
         * @description Needs permission `audit.export`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description No token needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessToken: string;
                            /** @description seconds until the access token expires */
                            expiresIn: number;
                            /** @constant */
                            tokenType: "Bearer";
                            user: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                orgId: string;
                                orgName: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End this session (revokes its refresh-token family)
         * @description No token needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in person
         * @description Needs permission `self.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** Format: uuid */
                            orgId: string;
                            orgName: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password; every other session ends, and your API tokens are revoked
         * @description Needs permission `self.update`, in a signed-in session (API tokens are refused).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessToken: string;
                            /** @description seconds until the access token expires */
                            expiresIn: number;
                            /** @constant */
                            tokenType: "Bearer";
                            user: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                orgId: string;
                                orgName: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trade the refresh cookie for a new access token (the cookie rotates)
         * @description No token needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessToken: string;
                            /** @description seconds until the access token expires */
                            expiresIn: number;
                            /** @constant */
                            tokenType: "Bearer";
                            user: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                orgId: string;
                                orgName: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One batch
         * @description Needs permission `batches.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetCount: number;
                            completedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            name: string;
                            overlap: number;
                            progress: {
                                [key: string]: number;
                            };
                            /** Format: uuid */
                            projectId: string;
                            reviewProgress: {
                                [key: string]: number;
                            };
                            /** @enum {string} */
                            status: "open" | "completed";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hand out a batch's queued tasks: by hand, spread evenly, or back to the pool
         * @description Needs permission `batches.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @constant */
                        mode: "manual";
                        taskIds: string[];
                        userIds: string[];
                    } | {
                        /** @constant */
                        mode: "spread";
                        userIds: string[];
                    } | {
                        /** @constant */
                        mode: "pool";
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assigned: number;
                            skipped: number;
                            unassigned: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/comments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Resolve or reopen a comment
         * @description Needs permission `tasks.comment`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        resolved: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            annotationId: string | null;
                            author: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            body: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            parentId: string | null;
                            point: {
                                x: number;
                                y: number;
                                z?: number;
                            } | null;
                            resolvedAt: string | null;
                            /** Format: uuid */
                            taskId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/files/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The bytes behind a signed file URL (from /assets/{id}/files or an asset's thumbnailUrl)
         * @description No token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/octet-stream": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/roots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server folders and S3 endpoints open for bulk import
         * @description Needs permission `assets.import`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            roots: string[];
                            s3Endpoints: string[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Invitations not revoked
         * @description Needs permission `invitations.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                acceptedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                email: string;
                                /** Format: date-time */
                                expiresAt: string;
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Invite someone by link, with a role
         * @description Needs permission `invitations.create`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /** @default 72 */
                        expiresInHours?: number;
                        /** @enum {string} */
                        role: "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptedAt: string | null;
                            acceptPath: string;
                            acceptUrl: string;
                            /** Format: date-time */
                            createdAt: string;
                            email: string;
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                            token: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an open invitation
         * @description Needs permission `invitations.revoke`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation and sign in
         * @description No token needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessToken: string;
                            /** @description seconds until the access token expires */
                            expiresIn: number;
                            /** @constant */
                            tokenType: "Bearer";
                            user: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                orgId: string;
                                orgName: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/preview/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What an invitation link offers
         * @description No token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            existingUser: boolean;
                            /** Format: date-time */
                            expiresAt: string;
                            orgName: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/job-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Background job runs (yours; all for owners and admins)
         * @description Needs permission `jobs.read`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    state?: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                    type?: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                counts: {
                                    failed: number;
                                    processed: number;
                                    total: number;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string | null;
                                errors: {
                                    /** Format: date-time */
                                    at?: string;
                                    code?: string;
                                    item?: string;
                                    message: string;
                                }[];
                                finishedAt: string | null;
                                /** Format: uuid */
                                id: string;
                                params: {
                                    [key: string]: unknown;
                                };
                                progress: number;
                                result: {
                                    contentType: string;
                                    /** Format: date-time */
                                    expiresAt?: string;
                                    fileName: string;
                                    sha256: string;
                                    size: number;
                                } | null;
                                startedAt: string | null;
                                /** @enum {string} */
                                state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                                /** @enum {string} */
                                type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/job-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One job run with its progress
         * @description Needs permission `jobs.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/job-runs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a queued or running export (it stops at once and keeps no file) or pre-annotation (the assets not begun are left); 409 for a finished run or a kind that must finish
         * @description Needs permission `jobs.read`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/job-runs/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a finished run's file
         * @description Needs permission `jobs.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/octet-stream": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My figures, my open tasks and the review queue in a project
         * @description Needs permission `dashboard.own`.
         */
        get: {
            parameters: {
                query: {
                    projectId: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            figures: {
                                accepted: number;
                                rejected: number;
                                rejectionRate: number | null;
                                secondsPerTask: number | null;
                                submitted: number;
                                tasksPerHour: number | null;
                                user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                            };
                            open: {
                                activeSeconds: number;
                                /** Format: uuid */
                                assetId: string;
                                /** @enum {string} */
                                assetKind: "image" | "text" | "dicom";
                                assetName: string;
                                assignee: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                } | null;
                                /** Format: uuid */
                                batchId: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                isGold?: boolean;
                                leaseExpiresAt: string | null;
                                openComments: number;
                                /** Format: uuid */
                                projectId: string;
                                reviewOf: string | null;
                                round: number;
                                setId: string | null;
                                /** @enum {string} */
                                stage: "annotate" | "review";
                                /** @enum {string} */
                                state: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                                submittedAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            reviewQueue: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Releases you may download (for consumers: those granted to you and not expired)
         * @description Needs permission `releases.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                datasheet: {
                                    agreement: {
                                        [key: string]: unknown;
                                    } | null;
                                    annotations: string;
                                    annotators: number;
                                    assets: {
                                        [key: string]: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    deidentification: string;
                                    description: string;
                                    formats: ("coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv")[];
                                    labels: {
                                        bySplit: {
                                            [key: string]: number;
                                        };
                                        id: string;
                                        name: string;
                                        total: number;
                                    }[];
                                    licence: string;
                                    name: string;
                                    project: string;
                                    release: number;
                                    review: {
                                        accepted: number;
                                        rejected: number;
                                        reviewed: number;
                                    };
                                    schemaVersion: number;
                                } | null;
                                diff: {
                                    added: {
                                        byLabel: {
                                            [key: string]: number;
                                        };
                                        total: number;
                                    };
                                    changed: {
                                        byLabel: {
                                            [key: string]: number;
                                        };
                                        total: number;
                                    };
                                    previous: number | null;
                                    removed: {
                                        byLabel: {
                                            [key: string]: number;
                                        };
                                        total: number;
                                    };
                                } | null;
                                file: {
                                    fileName: string;
                                    sha256: string;
                                    size: number;
                                } | null;
                                finishedAt: string | null;
                                formats: ("coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv")[];
                                /** Format: uuid */
                                id: string;
                                jobRunId: string | null;
                                licence: string;
                                manifest: {
                                    path: string;
                                    sha256: string;
                                    size: number;
                                }[] | null;
                                name: string;
                                number: number;
                                /** Format: uuid */
                                projectId: string;
                                /** @enum {string} */
                                state: "building" | "ready" | "failed";
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Members of your organisation
         * @description Needs permission `members.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                email: string;
                                /** Format: date-time */
                                joinedAt: string;
                                name: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                                /** Format: uuid */
                                userId: string;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member from the organisation
         * @description Needs permission `members.remove`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a member's role
         * @description Needs permission `members.update`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            /** Format: date-time */
                            joinedAt: string;
                            name: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                            /** Format: uuid */
                            userId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/model-kinds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The kinds of model this installation runs (built-in, remote, uploaded), with the classes of the built-in ones
         * @description Needs permission `models.manage`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                classes: string[];
                                kind: string;
                                /** @enum {string} */
                                mediaType: "image" | "text" | "dicom";
                                remote: boolean;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your organisation's models
         * @description Needs permission `models.manage`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                arrivalProjectIds: string[];
                                /** Format: date-time */
                                createdAt: string;
                                file: {
                                    sha256: string;
                                    size: number;
                                } | null;
                                /** Format: uuid */
                                id: string;
                                kind: string;
                                labelMap: {
                                    [key: string]: string;
                                };
                                maxObjects: number;
                                /** @enum {string} */
                                mediaType: "image" | "text" | "dicom";
                                name: string;
                                options: {
                                    classes?: string[];
                                    model?: string;
                                    trainOnAccept?: boolean;
                                };
                                projectIds: string[];
                                scoreThreshold: number;
                                /** Format: date-time */
                                updatedAt: string;
                                url: string | null;
                                version: string;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a model: its kind, version, media type, label map (model class → the project's label; unmapped classes are dropped), defaults and the projects it is enabled in. A remote model's url on a loopback, private or link-local address is refused (422) unless allowlisted
         * @description Needs permission `models.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default [] */
                        arrivalProjectIds?: string[];
                        kind: string;
                        /** @default {} */
                        labelMap?: {
                            [key: string]: string;
                        };
                        /** @default 100 */
                        maxObjects?: number;
                        /** @enum {string} */
                        mediaType: "image" | "text" | "dicom";
                        name: string;
                        /** @default {} */
                        options?: {
                            classes?: string[];
                            model?: string;
                            trainOnAccept?: boolean;
                        };
                        /** @default [] */
                        projectIds?: string[];
                        /** @default 0.5 */
                        scoreThreshold?: number;
                        /** Format: uri */
                        url?: string;
                        version: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            arrivalProjectIds: string[];
                            /** Format: date-time */
                            createdAt: string;
                            file: {
                                sha256: string;
                                size: number;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            kind: string;
                            labelMap: {
                                [key: string]: string;
                            };
                            maxObjects: number;
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            options: {
                                classes?: string[];
                                model?: string;
                                trainOnAccept?: boolean;
                            };
                            projectIds: string[];
                            scoreThreshold: number;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string | null;
                            version: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One model
         * @description Needs permission `models.manage`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            arrivalProjectIds: string[];
                            /** Format: date-time */
                            createdAt: string;
                            file: {
                                sha256: string;
                                size: number;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            kind: string;
                            labelMap: {
                                [key: string]: string;
                            };
                            maxObjects: number;
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            options: {
                                classes?: string[];
                                model?: string;
                                trainOnAccept?: boolean;
                            };
                            projectIds: string[];
                            scoreThreshold: number;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string | null;
                            version: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Remove a model (its predictions stay, and name it)
         * @description Needs permission `models.manage`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a model: name, version (a new version keeps its predictions and figures apart), url, label map, defaults, projects
         * @description Needs permission `models.manage`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        arrivalProjectIds?: string[];
                        labelMap?: {
                            [key: string]: string;
                        };
                        maxObjects?: number;
                        name?: string;
                        options?: {
                            classes?: string[];
                            model?: string;
                            trainOnAccept?: boolean;
                        };
                        projectIds?: string[];
                        scoreThreshold?: number;
                        url?: string | null;
                        version?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            arrivalProjectIds: string[];
                            /** Format: date-time */
                            createdAt: string;
                            file: {
                                sha256: string;
                                size: number;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            kind: string;
                            labelMap: {
                                [key: string]: string;
                            };
                            maxObjects: number;
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            options: {
                                classes?: string[];
                                model?: string;
                                trainOnAccept?: boolean;
                            };
                            projectIds: string[];
                            scoreThreshold: number;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string | null;
                            version: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/models/{id}/accuracy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Each version's accuracy against the work people accepted on the assets it predicted: box mAP, span P/R/F1, mask Dice, OCR character error rate, share accepted, active time with and without predictions
         * @description Needs permission `models.manage`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            modelId: string;
                            versions: {
                                accepted: number;
                                acceptedShare: number | null;
                                activeSeconds: {
                                    tasksWith: number;
                                    tasksWithout: number;
                                    withoutPredictions: number | null;
                                    withPredictions: number | null;
                                };
                                assets: number;
                                boxes: {
                                    mAP: number;
                                    mAP50: number;
                                    perLabel: {
                                        ap: number;
                                        ap50: number;
                                        labelId: string;
                                    }[];
                                } | null;
                                comparedAssets: number;
                                masks: {
                                    dice: number;
                                    pairs: number;
                                } | null;
                                ocr: {
                                    cer: number;
                                    lines: number;
                                } | null;
                                predictions: number;
                                spans: {
                                    exact: {
                                        f1: number;
                                        precision: number | null;
                                        recall: number | null;
                                    };
                                    overlap: {
                                        f1: number;
                                        precision: number | null;
                                        recall: number | null;
                                    };
                                } | null;
                                version: string;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{id}/accuracy.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The model's accuracy as CSV (a row per version, then a row per version and label)
         * @description Needs permission `models.manage`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{id}/classes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The classes the model can return, for its label map: a built-in's own, an uploaded detector's, or what its server says (Label Studio ML backend: /health and /setup with the project's labelling config; MONAI Label: /info)
         * @description Needs permission `models.manage`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            classes: string[];
                            modelVersion: string | null;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload an onnx-yolo model's .onnx file (multipart, a part named `file`): onnxruntime loads it and checks its input and output against the model's classes first; a file that is not such a detector is a 422
         * @description Needs permission `models.manage`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        file: string[];
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            arrivalProjectIds: string[];
                            /** Format: date-time */
                            createdAt: string;
                            file: {
                                sha256: string;
                                size: number;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            kind: string;
                            labelMap: {
                                [key: string]: string;
                            };
                            maxObjects: number;
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            options: {
                                classes?: string[];
                                model?: string;
                                trainOnAccept?: boolean;
                            };
                            projectIds: string[];
                            scoreThreshold: number;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string | null;
                            version: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Projects you can see
         * @description Needs permission `projects.read`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    mediaType?: "image" | "text" | "dicom";
                    offset?: number;
                    q?: string;
                    status?: "active" | "archived" | "all";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                description: string;
                                /** Format: uuid */
                                id: string;
                                labelCount: number;
                                /** @enum {string} */
                                mediaType: "image" | "text" | "dicom";
                                name: string;
                                schemaVersion: number;
                                /** @enum {string} */
                                status: "active" | "archived";
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a project with its first label schema
         * @description Needs permission `projects.create`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default  */
                        description?: string;
                        /** @default  */
                        guidelines?: string;
                        labelSchema?: {
                            labels: {
                                /** @default [] */
                                attributes?: ({
                                    default?: string;
                                    key: string;
                                    name: string;
                                    options: string[];
                                    /** @default false */
                                    required?: boolean;
                                    /** @constant */
                                    type: "select";
                                } | {
                                    default?: string[];
                                    key: string;
                                    name: string;
                                    options: string[];
                                    /** @default false */
                                    required?: boolean;
                                    /** @constant */
                                    type: "multiselect";
                                } | {
                                    default?: string;
                                    key: string;
                                    maxLength?: number;
                                    name: string;
                                    /** @default false */
                                    required?: boolean;
                                    /** @constant */
                                    type: "text";
                                } | {
                                    default?: number;
                                    key: string;
                                    max?: number;
                                    min?: number;
                                    name: string;
                                    /** @default false */
                                    required?: boolean;
                                    step?: number;
                                    /** @constant */
                                    type: "number";
                                } | {
                                    default?: boolean;
                                    key: string;
                                    name: string;
                                    /** @default false */
                                    required?: boolean;
                                    /** @constant */
                                    type: "boolean";
                                })[];
                                color: string;
                                hotkey?: string;
                                id: string;
                                name: string;
                                skeleton?: {
                                    /** @default [] */
                                    edges?: [
                                        number,
                                        number
                                    ][];
                                    points: string[];
                                    sigmas?: number[];
                                };
                                symmetric?: boolean;
                                tools: ("box" | "polygon" | "polyline" | "points" | "keypoints" | "mask" | "tag" | "span" | "relation" | "doc-label" | "segment" | "length" | "ellipse" | "rectangle" | "angle" | "bidirectional" | "classification")[];
                            }[];
                        };
                        /** @enum {string} */
                        mediaType: "image" | "text" | "dicom";
                        name: string;
                        /**
                         * @default {
                         *       "overlap": 1,
                         *       "reviewSampling": 1,
                         *       "goldRatio": 0,
                         *       "maxReworkRounds": 3,
                         *       "emptyAnnotations": "warn",
                         *       "keepDicomOriginals": false,
                         *       "qc": {
                         *         "minAgreement": 0.7,
                         *         "minGoldAccuracy": 0.8,
                         *         "iouThreshold": 0.5,
                         *         "oksThreshold": 0.5,
                         *         "minDice": 0.9,
                         *         "maxHd95Mm": 3,
                         *         "lowGoldAction": "full_review",
                         *         "showGoldFeedback": false,
                         *         "autoAcceptConsensus": false
                         *       },
                         *       "rates": {
                         *         "mode": "item",
                         *         "currency": "USD",
                         *         "perItem": 0,
                         *         "perObject": 0,
                         *         "perLabel": {},
                         *         "perReview": 0
                         *       },
                         *       "qualification": {
                         *         "required": false,
                         *         "passMark": 0.8,
                         *         "maxAttempts": 3
                         *       }
                         *     }
                         */
                        workflow?: {
                            /**
                             * @default warn
                             * @enum {string}
                             */
                            emptyAnnotations?: "allow" | "warn" | "block";
                            /** @default 0 */
                            goldRatio?: number;
                            /** @default false */
                            keepDicomOriginals?: boolean;
                            /** @default 3 */
                            maxReworkRounds?: number;
                            /** @default 1 */
                            overlap?: number;
                            /**
                             * @default {
                             *       "minAgreement": 0.7,
                             *       "minGoldAccuracy": 0.8,
                             *       "iouThreshold": 0.5,
                             *       "oksThreshold": 0.5,
                             *       "minDice": 0.9,
                             *       "maxHd95Mm": 3,
                             *       "lowGoldAction": "full_review",
                             *       "showGoldFeedback": false,
                             *       "autoAcceptConsensus": false
                             *     }
                             */
                            qc?: {
                                /** @default false */
                                autoAcceptConsensus?: boolean;
                                /** @default 0.5 */
                                iouThreshold?: number;
                                /**
                                 * @default full_review
                                 * @enum {string}
                                 */
                                lowGoldAction?: "full_review" | "pause";
                                /** @default 3 */
                                maxHd95Mm?: number;
                                /** @default 0.7 */
                                minAgreement?: number;
                                /** @default 0.9 */
                                minDice?: number;
                                /** @default 0.8 */
                                minGoldAccuracy?: number;
                                /** @default 0.5 */
                                oksThreshold?: number;
                                /** @default false */
                                showGoldFeedback?: boolean;
                            };
                            /**
                             * @default {
                             *       "required": false,
                             *       "passMark": 0.8,
                             *       "maxAttempts": 3
                             *     }
                             */
                            qualification?: {
                                /** @default 3 */
                                maxAttempts?: number;
                                /** @default 0.8 */
                                passMark?: number;
                                /** @default false */
                                required?: boolean;
                            };
                            /**
                             * @default {
                             *       "mode": "item",
                             *       "currency": "USD",
                             *       "perItem": 0,
                             *       "perObject": 0,
                             *       "perLabel": {},
                             *       "perReview": 0
                             *     }
                             */
                            rates?: {
                                /**
                                 * @default USD
                                 * @enum {string}
                                 */
                                currency?: "USD" | "EUR" | "CNY" | "GBP" | "JPY";
                                /**
                                 * @default item
                                 * @enum {string}
                                 */
                                mode?: "item" | "object";
                                /** @default 0 */
                                perItem?: number;
                                /** @default {} */
                                perLabel?: {
                                    [key: string]: number;
                                };
                                /** @default 0 */
                                perObject?: number;
                                /** @default 0 */
                                perReview?: number;
                            };
                            /** @default 1 */
                            reviewSampling?: number;
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            guidelines: string;
                            /** Format: uuid */
                            id: string;
                            labelCount: number;
                            labelSchema: {
                                labels: {
                                    /** @default [] */
                                    attributes: ({
                                        default?: string;
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "select";
                                    } | {
                                        default?: string[];
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "multiselect";
                                    } | {
                                        default?: string;
                                        key: string;
                                        maxLength?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "text";
                                    } | {
                                        default?: number;
                                        key: string;
                                        max?: number;
                                        min?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        step?: number;
                                        /** @constant */
                                        type: "number";
                                    } | {
                                        default?: boolean;
                                        key: string;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "boolean";
                                    })[];
                                    color: unknown;
                                    hotkey?: string;
                                    id: string;
                                    name: string;
                                    skeleton?: {
                                        /** @default [] */
                                        edges: [
                                            number,
                                            number
                                        ][];
                                        points: string[];
                                        sigmas?: number[];
                                    };
                                    symmetric?: boolean;
                                    tools: ("box" | "polygon" | "polyline" | "points" | "keypoints" | "mask" | "tag" | "span" | "relation" | "doc-label" | "segment" | "length" | "ellipse" | "rectangle" | "angle" | "bidirectional" | "classification")[];
                                }[];
                            };
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            schemaVersion: number;
                            /** @enum {string} */
                            status: "active" | "archived";
                            /** Format: date-time */
                            updatedAt: string;
                            workflow: {
                                /**
                                 * @default warn
                                 * @enum {string}
                                 */
                                emptyAnnotations: "allow" | "warn" | "block";
                                /** @default 0 */
                                goldRatio: number;
                                /** @default false */
                                keepDicomOriginals: boolean;
                                /** @default 3 */
                                maxReworkRounds: number;
                                /** @default 1 */
                                overlap: number;
                                /**
                                 * @default {
                                 *       "minAgreement": 0.7,
                                 *       "minGoldAccuracy": 0.8,
                                 *       "iouThreshold": 0.5,
                                 *       "oksThreshold": 0.5,
                                 *       "minDice": 0.9,
                                 *       "maxHd95Mm": 3,
                                 *       "lowGoldAction": "full_review",
                                 *       "showGoldFeedback": false,
                                 *       "autoAcceptConsensus": false
                                 *     }
                                 */
                                qc: {
                                    /** @default false */
                                    autoAcceptConsensus: boolean;
                                    /** @default 0.5 */
                                    iouThreshold: number;
                                    /**
                                     * @default full_review
                                     * @enum {string}
                                     */
                                    lowGoldAction: "full_review" | "pause";
                                    /** @default 3 */
                                    maxHd95Mm: number;
                                    /** @default 0.7 */
                                    minAgreement: number;
                                    /** @default 0.9 */
                                    minDice: number;
                                    /** @default 0.8 */
                                    minGoldAccuracy: number;
                                    /** @default 0.5 */
                                    oksThreshold: number;
                                    /** @default false */
                                    showGoldFeedback: boolean;
                                };
                                /**
                                 * @default {
                                 *       "required": false,
                                 *       "passMark": 0.8,
                                 *       "maxAttempts": 3
                                 *     }
                                 */
                                qualification: {
                                    /** @default 3 */
                                    maxAttempts: number;
                                    /** @default 0.8 */
                                    passMark: number;
                                    /** @default false */
                                    required: boolean;
                                };
                                /**
                                 * @default {
                                 *       "mode": "item",
                                 *       "currency": "USD",
                                 *       "perItem": 0,
                                 *       "perObject": 0,
                                 *       "perLabel": {},
                                 *       "perReview": 0
                                 *     }
                                 */
                                rates: {
                                    /**
                                     * @default USD
                                     * @enum {string}
                                     */
                                    currency: "USD" | "EUR" | "CNY" | "GBP" | "JPY";
                                    /**
                                     * @default item
                                     * @enum {string}
                                     */
                                    mode: "item" | "object";
                                    /** @default 0 */
                                    perItem: number;
                                    /** @default {} */
                                    perLabel: {
                                        [key: string]: number;
                                    };
                                    /** @default 0 */
                                    perObject: number;
                                    /** @default 0 */
                                    perReview: number;
                                };
                                /** @default 1 */
                                reviewSampling: number;
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One project with its current label schema
         * @description Needs permission `projects.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            guidelines: string;
                            /** Format: uuid */
                            id: string;
                            labelCount: number;
                            labelSchema: {
                                labels: {
                                    /** @default [] */
                                    attributes: ({
                                        default?: string;
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "select";
                                    } | {
                                        default?: string[];
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "multiselect";
                                    } | {
                                        default?: string;
                                        key: string;
                                        maxLength?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "text";
                                    } | {
                                        default?: number;
                                        key: string;
                                        max?: number;
                                        min?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        step?: number;
                                        /** @constant */
                                        type: "number";
                                    } | {
                                        default?: boolean;
                                        key: string;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "boolean";
                                    })[];
                                    color: unknown;
                                    hotkey?: string;
                                    id: string;
                                    name: string;
                                    skeleton?: {
                                        /** @default [] */
                                        edges: [
                                            number,
                                            number
                                        ][];
                                        points: string[];
                                        sigmas?: number[];
                                    };
                                    symmetric?: boolean;
                                    tools: ("box" | "polygon" | "polyline" | "points" | "keypoints" | "mask" | "tag" | "span" | "relation" | "doc-label" | "segment" | "length" | "ellipse" | "rectangle" | "angle" | "bidirectional" | "classification")[];
                                }[];
                            };
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            schemaVersion: number;
                            /** @enum {string} */
                            status: "active" | "archived";
                            /** Format: date-time */
                            updatedAt: string;
                            workflow: {
                                /**
                                 * @default warn
                                 * @enum {string}
                                 */
                                emptyAnnotations: "allow" | "warn" | "block";
                                /** @default 0 */
                                goldRatio: number;
                                /** @default false */
                                keepDicomOriginals: boolean;
                                /** @default 3 */
                                maxReworkRounds: number;
                                /** @default 1 */
                                overlap: number;
                                /**
                                 * @default {
                                 *       "minAgreement": 0.7,
                                 *       "minGoldAccuracy": 0.8,
                                 *       "iouThreshold": 0.5,
                                 *       "oksThreshold": 0.5,
                                 *       "minDice": 0.9,
                                 *       "maxHd95Mm": 3,
                                 *       "lowGoldAction": "full_review",
                                 *       "showGoldFeedback": false,
                                 *       "autoAcceptConsensus": false
                                 *     }
                                 */
                                qc: {
                                    /** @default false */
                                    autoAcceptConsensus: boolean;
                                    /** @default 0.5 */
                                    iouThreshold: number;
                                    /**
                                     * @default full_review
                                     * @enum {string}
                                     */
                                    lowGoldAction: "full_review" | "pause";
                                    /** @default 3 */
                                    maxHd95Mm: number;
                                    /** @default 0.7 */
                                    minAgreement: number;
                                    /** @default 0.9 */
                                    minDice: number;
                                    /** @default 0.8 */
                                    minGoldAccuracy: number;
                                    /** @default 0.5 */
                                    oksThreshold: number;
                                    /** @default false */
                                    showGoldFeedback: boolean;
                                };
                                /**
                                 * @default {
                                 *       "required": false,
                                 *       "passMark": 0.8,
                                 *       "maxAttempts": 3
                                 *     }
                                 */
                                qualification: {
                                    /** @default 3 */
                                    maxAttempts: number;
                                    /** @default 0.8 */
                                    passMark: number;
                                    /** @default false */
                                    required: boolean;
                                };
                                /**
                                 * @default {
                                 *       "mode": "item",
                                 *       "currency": "USD",
                                 *       "perItem": 0,
                                 *       "perObject": 0,
                                 *       "perLabel": {},
                                 *       "perReview": 0
                                 *     }
                                 */
                                rates: {
                                    /**
                                     * @default USD
                                     * @enum {string}
                                     */
                                    currency: "USD" | "EUR" | "CNY" | "GBP" | "JPY";
                                    /**
                                     * @default item
                                     * @enum {string}
                                     */
                                    mode: "item" | "object";
                                    /** @default 0 */
                                    perItem: number;
                                    /** @default {} */
                                    perLabel: {
                                        [key: string]: number;
                                    };
                                    /** @default 0 */
                                    perObject: number;
                                    /** @default 0 */
                                    perReview: number;
                                };
                                /** @default 1 */
                                reviewSampling: number;
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an archived project with all its data, releases and exports (its bytes go once nothing else holds them)
         * @description Needs permission `projects.delete`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Edit name, description, guidelines or workflow settings
         * @description Needs permission `projects.update`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        guidelines?: string;
                        name?: string;
                        workflow?: {
                            /**
                             * @default warn
                             * @enum {string}
                             */
                            emptyAnnotations?: "allow" | "warn" | "block";
                            /** @default 0 */
                            goldRatio?: number;
                            /** @default false */
                            keepDicomOriginals?: boolean;
                            /** @default 3 */
                            maxReworkRounds?: number;
                            /** @default 1 */
                            overlap?: number;
                            /**
                             * @default {
                             *       "minAgreement": 0.7,
                             *       "minGoldAccuracy": 0.8,
                             *       "iouThreshold": 0.5,
                             *       "oksThreshold": 0.5,
                             *       "minDice": 0.9,
                             *       "maxHd95Mm": 3,
                             *       "lowGoldAction": "full_review",
                             *       "showGoldFeedback": false,
                             *       "autoAcceptConsensus": false
                             *     }
                             */
                            qc?: {
                                /** @default false */
                                autoAcceptConsensus?: boolean;
                                /** @default 0.5 */
                                iouThreshold?: number;
                                /**
                                 * @default full_review
                                 * @enum {string}
                                 */
                                lowGoldAction?: "full_review" | "pause";
                                /** @default 3 */
                                maxHd95Mm?: number;
                                /** @default 0.7 */
                                minAgreement?: number;
                                /** @default 0.9 */
                                minDice?: number;
                                /** @default 0.8 */
                                minGoldAccuracy?: number;
                                /** @default 0.5 */
                                oksThreshold?: number;
                                /** @default false */
                                showGoldFeedback?: boolean;
                            };
                            /**
                             * @default {
                             *       "required": false,
                             *       "passMark": 0.8,
                             *       "maxAttempts": 3
                             *     }
                             */
                            qualification?: {
                                /** @default 3 */
                                maxAttempts?: number;
                                /** @default 0.8 */
                                passMark?: number;
                                /** @default false */
                                required?: boolean;
                            };
                            /**
                             * @default {
                             *       "mode": "item",
                             *       "currency": "USD",
                             *       "perItem": 0,
                             *       "perObject": 0,
                             *       "perLabel": {},
                             *       "perReview": 0
                             *     }
                             */
                            rates?: {
                                /**
                                 * @default USD
                                 * @enum {string}
                                 */
                                currency?: "USD" | "EUR" | "CNY" | "GBP" | "JPY";
                                /**
                                 * @default item
                                 * @enum {string}
                                 */
                                mode?: "item" | "object";
                                /** @default 0 */
                                perItem?: number;
                                /** @default {} */
                                perLabel?: {
                                    [key: string]: number;
                                };
                                /** @default 0 */
                                perObject?: number;
                                /** @default 0 */
                                perReview?: number;
                            };
                            /** @default 1 */
                            reviewSampling?: number;
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            guidelines: string;
                            /** Format: uuid */
                            id: string;
                            labelCount: number;
                            labelSchema: {
                                labels: {
                                    /** @default [] */
                                    attributes: ({
                                        default?: string;
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "select";
                                    } | {
                                        default?: string[];
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "multiselect";
                                    } | {
                                        default?: string;
                                        key: string;
                                        maxLength?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "text";
                                    } | {
                                        default?: number;
                                        key: string;
                                        max?: number;
                                        min?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        step?: number;
                                        /** @constant */
                                        type: "number";
                                    } | {
                                        default?: boolean;
                                        key: string;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "boolean";
                                    })[];
                                    color: unknown;
                                    hotkey?: string;
                                    id: string;
                                    name: string;
                                    skeleton?: {
                                        /** @default [] */
                                        edges: [
                                            number,
                                            number
                                        ][];
                                        points: string[];
                                        sigmas?: number[];
                                    };
                                    symmetric?: boolean;
                                    tools: ("box" | "polygon" | "polyline" | "points" | "keypoints" | "mask" | "tag" | "span" | "relation" | "doc-label" | "segment" | "length" | "ellipse" | "rectangle" | "angle" | "bidirectional" | "classification")[];
                                }[];
                            };
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            schemaVersion: number;
                            /** @enum {string} */
                            status: "active" | "archived";
                            /** Format: date-time */
                            updatedAt: string;
                            workflow: {
                                /**
                                 * @default warn
                                 * @enum {string}
                                 */
                                emptyAnnotations: "allow" | "warn" | "block";
                                /** @default 0 */
                                goldRatio: number;
                                /** @default false */
                                keepDicomOriginals: boolean;
                                /** @default 3 */
                                maxReworkRounds: number;
                                /** @default 1 */
                                overlap: number;
                                /**
                                 * @default {
                                 *       "minAgreement": 0.7,
                                 *       "minGoldAccuracy": 0.8,
                                 *       "iouThreshold": 0.5,
                                 *       "oksThreshold": 0.5,
                                 *       "minDice": 0.9,
                                 *       "maxHd95Mm": 3,
                                 *       "lowGoldAction": "full_review",
                                 *       "showGoldFeedback": false,
                                 *       "autoAcceptConsensus": false
                                 *     }
                                 */
                                qc: {
                                    /** @default false */
                                    autoAcceptConsensus: boolean;
                                    /** @default 0.5 */
                                    iouThreshold: number;
                                    /**
                                     * @default full_review
                                     * @enum {string}
                                     */
                                    lowGoldAction: "full_review" | "pause";
                                    /** @default 3 */
                                    maxHd95Mm: number;
                                    /** @default 0.7 */
                                    minAgreement: number;
                                    /** @default 0.9 */
                                    minDice: number;
                                    /** @default 0.8 */
                                    minGoldAccuracy: number;
                                    /** @default 0.5 */
                                    oksThreshold: number;
                                    /** @default false */
                                    showGoldFeedback: boolean;
                                };
                                /**
                                 * @default {
                                 *       "required": false,
                                 *       "passMark": 0.8,
                                 *       "maxAttempts": 3
                                 *     }
                                 */
                                qualification: {
                                    /** @default 3 */
                                    maxAttempts: number;
                                    /** @default 0.8 */
                                    passMark: number;
                                    /** @default false */
                                    required: boolean;
                                };
                                /**
                                 * @default {
                                 *       "mode": "item",
                                 *       "currency": "USD",
                                 *       "perItem": 0,
                                 *       "perObject": 0,
                                 *       "perLabel": {},
                                 *       "perReview": 0
                                 *     }
                                 */
                                rates: {
                                    /**
                                     * @default USD
                                     * @enum {string}
                                     */
                                    currency: "USD" | "EUR" | "CNY" | "GBP" | "JPY";
                                    /**
                                     * @default item
                                     * @enum {string}
                                     */
                                    mode: "item" | "object";
                                    /** @default 0 */
                                    perItem: number;
                                    /** @default {} */
                                    perLabel: {
                                        [key: string]: number;
                                    };
                                    /** @default 0 */
                                    perObject: number;
                                    /** @default 0 */
                                    perReview: number;
                                };
                                /** @default 1 */
                                reviewSampling: number;
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/projects/{id}/annotation-imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a peer annotation file (multipart: `file`, `format`, `as`, `modelName`, `modelVersion`, `mapping`, `skipBad`, `dryRun`): a dry run answers 200 with a report, otherwise 202 with the job run
         * @description Needs permission `annotations.import`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        file: string[];
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptable: boolean;
                            alreadyImported: number;
                            annotations: number;
                            categories: {
                                count: number;
                                labelId: string | null;
                                /** @enum {string} */
                                mapped: "auto" | "user" | "skipped" | "none";
                                name: string;
                            }[];
                            droppedAttributes: {
                                count: number;
                                name: string;
                            }[];
                            /** @constant */
                            dryRun: true;
                            /** @enum {string} */
                            format: "coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv";
                            items: number;
                            matchedItems: number;
                            problemCount: number;
                            problems: {
                                message: string;
                                where: string;
                            }[];
                            unmatched: {
                                reason: string;
                                where: string;
                            }[];
                            unmatchedCount: number;
                        } | {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive a project (hidden from lists, kept whole)
         * @description Needs permission `projects.archive`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            guidelines: string;
                            /** Format: uuid */
                            id: string;
                            labelCount: number;
                            labelSchema: {
                                labels: {
                                    /** @default [] */
                                    attributes: ({
                                        default?: string;
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "select";
                                    } | {
                                        default?: string[];
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "multiselect";
                                    } | {
                                        default?: string;
                                        key: string;
                                        maxLength?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "text";
                                    } | {
                                        default?: number;
                                        key: string;
                                        max?: number;
                                        min?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        step?: number;
                                        /** @constant */
                                        type: "number";
                                    } | {
                                        default?: boolean;
                                        key: string;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "boolean";
                                    })[];
                                    color: unknown;
                                    hotkey?: string;
                                    id: string;
                                    name: string;
                                    skeleton?: {
                                        /** @default [] */
                                        edges: [
                                            number,
                                            number
                                        ][];
                                        points: string[];
                                        sigmas?: number[];
                                    };
                                    symmetric?: boolean;
                                    tools: ("box" | "polygon" | "polyline" | "points" | "keypoints" | "mask" | "tag" | "span" | "relation" | "doc-label" | "segment" | "length" | "ellipse" | "rectangle" | "angle" | "bidirectional" | "classification")[];
                                }[];
                            };
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            schemaVersion: number;
                            /** @enum {string} */
                            status: "active" | "archived";
                            /** Format: date-time */
                            updatedAt: string;
                            workflow: {
                                /**
                                 * @default warn
                                 * @enum {string}
                                 */
                                emptyAnnotations: "allow" | "warn" | "block";
                                /** @default 0 */
                                goldRatio: number;
                                /** @default false */
                                keepDicomOriginals: boolean;
                                /** @default 3 */
                                maxReworkRounds: number;
                                /** @default 1 */
                                overlap: number;
                                /**
                                 * @default {
                                 *       "minAgreement": 0.7,
                                 *       "minGoldAccuracy": 0.8,
                                 *       "iouThreshold": 0.5,
                                 *       "oksThreshold": 0.5,
                                 *       "minDice": 0.9,
                                 *       "maxHd95Mm": 3,
                                 *       "lowGoldAction": "full_review",
                                 *       "showGoldFeedback": false,
                                 *       "autoAcceptConsensus": false
                                 *     }
                                 */
                                qc: {
                                    /** @default false */
                                    autoAcceptConsensus: boolean;
                                    /** @default 0.5 */
                                    iouThreshold: number;
                                    /**
                                     * @default full_review
                                     * @enum {string}
                                     */
                                    lowGoldAction: "full_review" | "pause";
                                    /** @default 3 */
                                    maxHd95Mm: number;
                                    /** @default 0.7 */
                                    minAgreement: number;
                                    /** @default 0.9 */
                                    minDice: number;
                                    /** @default 0.8 */
                                    minGoldAccuracy: number;
                                    /** @default 0.5 */
                                    oksThreshold: number;
                                    /** @default false */
                                    showGoldFeedback: boolean;
                                };
                                /**
                                 * @default {
                                 *       "required": false,
                                 *       "passMark": 0.8,
                                 *       "maxAttempts": 3
                                 *     }
                                 */
                                qualification: {
                                    /** @default 3 */
                                    maxAttempts: number;
                                    /** @default 0.8 */
                                    passMark: number;
                                    /** @default false */
                                    required: boolean;
                                };
                                /**
                                 * @default {
                                 *       "mode": "item",
                                 *       "currency": "USD",
                                 *       "perItem": 0,
                                 *       "perObject": 0,
                                 *       "perLabel": {},
                                 *       "perReview": 0
                                 *     }
                                 */
                                rates: {
                                    /**
                                     * @default USD
                                     * @enum {string}
                                     */
                                    currency: "USD" | "EUR" | "CNY" | "GBP" | "JPY";
                                    /**
                                     * @default item
                                     * @enum {string}
                                     */
                                    mode: "item" | "object";
                                    /** @default 0 */
                                    perItem: number;
                                    /** @default {} */
                                    perLabel: {
                                        [key: string]: number;
                                    };
                                    /** @default 0 */
                                    perObject: number;
                                    /** @default 0 */
                                    perReview: number;
                                };
                                /** @default 1 */
                                reviewSampling: number;
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A project's assets with their ingest status
         * @description Needs permission `assets.read`.
         */
        get: {
            parameters: {
                query?: {
                    kind?: "image" | "text" | "dicom";
                    limit?: number;
                    offset?: number;
                    q?: string;
                    status?: "pending" | "ready" | "failed" | "quarantined";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                failed: number;
                                pending: number;
                                quarantined: number;
                                ready: number;
                            };
                            items: {
                                contentType: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                error: string | null;
                                errorCode: ("file.empty" | "file.too_large" | "file.wrong_type" | "image.unreadable" | "image.unsupported_format" | "image.no_size" | "image.too_many_pixels" | "image.damaged" | "text.too_large" | "text.invalid_utf8" | "text.binary" | "records.unreadable" | "records.no_text_field" | "records.none_usable" | "dicom.not_dicom" | "dicom.unreadable" | "dicom.unsupported" | "dicom.no_uid" | "dicom.no_pixel_data" | "dicom.too_complex" | "dicom.quarantined" | "zip.unreadable" | "zip.damaged" | "zip.bomb" | "zip.unsafe_path" | "zip.symlink" | "zip.too_large" | "zip.too_many_entries" | "zip.nested" | "zip.damaged_entry" | "ingest.gave_up") | null;
                                gold: boolean;
                                hasThumbnail: boolean;
                                height: number | null;
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "text" | "dicom";
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                preview: string | null;
                                /** Format: uuid */
                                projectId: string;
                                sha256: string;
                                size: number;
                                /** @enum {string} */
                                status: "pending" | "ready" | "failed" | "quarantined";
                                thumbnailUrl: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                                width: number | null;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Upload files (multipart, one or more `file` parts); ingest runs in the background
         * @description Needs permission `assets.upload`.
         */
        post: {
            parameters: {
                query?: {
                    textField?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        file: string[];
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accepted: {
                                /** Format: uuid */
                                assetId: string;
                                name: string;
                            }[];
                            archiveRunId: string | null;
                            archives: {
                                name: string;
                            }[];
                            dicomFiles: number;
                            dicomRunId: string | null;
                            duplicates: {
                                /** Format: uuid */
                                assetId: string;
                                name: string;
                            }[];
                            jobRunId: string | null;
                            recordFiles: {
                                name: string;
                            }[];
                            rejected: {
                                /** @enum {string} */
                                code: "file.empty" | "file.too_large" | "file.wrong_type" | "image.unreadable" | "image.unsupported_format" | "image.no_size" | "image.too_many_pixels" | "image.damaged" | "text.too_large" | "text.invalid_utf8" | "text.binary" | "records.unreadable" | "records.no_text_field" | "records.none_usable" | "dicom.not_dicom" | "dicom.unreadable" | "dicom.unsupported" | "dicom.no_uid" | "dicom.no_pixel_data" | "dicom.too_complex" | "dicom.quarantined" | "zip.unreadable" | "zip.damaged" | "zip.bomb" | "zip.unsafe_path" | "zip.symlink" | "zip.too_large" | "zip.too_many_entries" | "zip.nested" | "zip.damaged_entry" | "ingest.gave_up";
                                name: string;
                                reason: string;
                            }[];
                            splitRunId: string | null;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/assets/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete many assets of a project at once: chosen by id, or every one the list filters match (as DELETE /assets/{id} does one)
         * @description Needs permission `assets.delete`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        except?: string[];
                        expected: number;
                        ids?: string[];
                        matching?: {
                            /** @enum {string} */
                            kind?: "image" | "text" | "dicom";
                            q?: string;
                            /** @enum {string} */
                            status?: "pending" | "ready" | "failed" | "quarantined";
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deleted: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/assets/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send the failed ones among many chosen assets through ingest again, as one run
         * @description Needs permission `assets.upload`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        except?: string[];
                        ids?: string[];
                        matching?: {
                            /** @enum {string} */
                            kind?: "image" | "text" | "dicom";
                            q?: string;
                            /** @enum {string} */
                            status?: "pending" | "ready" | "failed" | "quarantined";
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A project's batches with their progress
         * @description Needs permission `batches.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                assetCount: number;
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                overlap: number;
                                progress: {
                                    [key: string]: number;
                                };
                                /** Format: uuid */
                                projectId: string;
                                reviewProgress: {
                                    [key: string]: number;
                                };
                                /** @enum {string} */
                                status: "open" | "completed";
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Make a batch of work from a selection of assets: `overlap` annotate tasks per asset, queued in the pool, gold mixed in
         * @description Needs permission `batches.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        selection: {
                            assetIds?: string[];
                            except?: string[];
                            filter?: {
                                /** @enum {string} */
                                kind?: "image" | "text" | "dicom";
                                q?: string;
                                /** @enum {string} */
                                status?: "pending" | "ready" | "failed" | "quarantined";
                            };
                            /** @default true */
                            onlyUnbatched?: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetCount: number;
                            completedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            name: string;
                            overlap: number;
                            progress: {
                                [key: string]: number;
                            };
                            /** Format: uuid */
                            projectId: string;
                            reviewProgress: {
                                [key: string]: number;
                            };
                            /** @enum {string} */
                            status: "open" | "completed";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/batches/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a batch made from this selection now would hold (assets, annotate and gold tasks), without making it
         * @description Needs permission `batches.manage`; changes nothing, so read-only API tokens may too.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        selection: {
                            assetIds?: string[];
                            except?: string[];
                            filter?: {
                                /** @enum {string} */
                                kind?: "image" | "text" | "dicom";
                                q?: string;
                                /** @enum {string} */
                                status?: "pending" | "ready" | "failed" | "quarantined";
                            };
                            /** @default true */
                            onlyUnbatched?: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            annotateTasks: number;
                            assets: number;
                            goldTasks: number;
                            overlap: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Batch progress, per-annotator throughput, time per task, rejection rates
         * @description Needs permission `dashboard.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            annotators: {
                                accepted: number;
                                rejected: number;
                                rejectionRate: number | null;
                                secondsPerTask: number | null;
                                submitted: number;
                                tasksPerHour: number | null;
                                user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                            }[];
                            batches: {
                                assetCount: number;
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                overlap: number;
                                progress: {
                                    [key: string]: number;
                                };
                                /** Format: uuid */
                                projectId: string;
                                reviewProgress: {
                                    [key: string]: number;
                                };
                                /** @enum {string} */
                                status: "open" | "completed";
                            }[];
                            reviewers: {
                                rejected: number;
                                reviewed: number;
                                user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                            }[];
                            reviewsByState: {
                                [key: string]: number;
                            };
                            tasksByState: {
                                [key: string]: number;
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/duplicates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Near-duplicate assets found at ingest (perceptual hash for images, MinHash for texts)
         * @description Needs permission `assets.read`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            groups: number;
                            items: {
                                asset: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                group: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                    size: number;
                                };
                                /** @enum {string} */
                                method: "phash" | "minhash";
                                nearest: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                similarity: number;
                            }[];
                            pending: number;
                            total: number;
                            unchecked: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/duplicates/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Look for near-duplicates among the project's assets not checked yet (ingested before the check, or whose check failed); while a check runs, answers with it
         * @description Needs permission `quality.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export a project's annotations in a format (a background job; download its file from GET /job-runs/{id}/download)
         * @description Needs permission `exports.create`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default latest
                         * @enum {string}
                         */
                        annotations?: "accepted" | "latest" | "predictions" | "consensus";
                        conll?: {
                            /**
                             * @default iob2
                             * @enum {string}
                             */
                            scheme?: "iob2" | "bioes";
                            /**
                             * @default chars
                             * @enum {string}
                             */
                            segmentation?: "chars" | "words";
                        };
                        filter?: {
                            /** Format: uuid */
                            batchId?: string;
                            labelIds?: string[];
                            /** @enum {string} */
                            status?: "annotated" | "unannotated" | "submitted" | "accepted";
                        };
                        /** @enum {string} */
                        format: "coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv";
                        /** @default false */
                        includeMedia?: boolean;
                        modelVersion?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bulk import from an allowlisted server folder or S3 endpoint (dryRun counts what would come in)
         * @description Needs permission `assets.import`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default false */
                        dryRun?: boolean;
                        source: {
                            path: string;
                            /** @constant */
                            type: "folder";
                        } | {
                            accessKeyId?: string;
                            bucket: string;
                            /** Format: uri */
                            endpoint: string;
                            /** @default true */
                            forcePathStyle?: boolean;
                            /** @default  */
                            prefix?: string;
                            /** @default us-east-1 */
                            region?: string;
                            secretAccessKey?: string;
                            /** @constant */
                            type: "s3";
                        };
                        /** @default text */
                        textField?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            byExtension: {
                                [key: string]: number;
                            };
                            bytes: number;
                            /** @constant */
                            dryRun: true;
                            files: number;
                            sample: string[];
                            skipped: number;
                            truncated: boolean;
                        } | {
                            /** @constant */
                            dryRun: false;
                            /** Format: uuid */
                            jobRunId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/label-schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace the label schema, making a new version
         * @description Needs permission `projects.update`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        basedOnVersion: number;
                        labelSchema: {
                            labels: {
                                /** @default [] */
                                attributes?: ({
                                    default?: string;
                                    key: string;
                                    name: string;
                                    options: string[];
                                    /** @default false */
                                    required?: boolean;
                                    /** @constant */
                                    type: "select";
                                } | {
                                    default?: string[];
                                    key: string;
                                    name: string;
                                    options: string[];
                                    /** @default false */
                                    required?: boolean;
                                    /** @constant */
                                    type: "multiselect";
                                } | {
                                    default?: string;
                                    key: string;
                                    maxLength?: number;
                                    name: string;
                                    /** @default false */
                                    required?: boolean;
                                    /** @constant */
                                    type: "text";
                                } | {
                                    default?: number;
                                    key: string;
                                    max?: number;
                                    min?: number;
                                    name: string;
                                    /** @default false */
                                    required?: boolean;
                                    step?: number;
                                    /** @constant */
                                    type: "number";
                                } | {
                                    default?: boolean;
                                    key: string;
                                    name: string;
                                    /** @default false */
                                    required?: boolean;
                                    /** @constant */
                                    type: "boolean";
                                })[];
                                color: string;
                                hotkey?: string;
                                id: string;
                                name: string;
                                skeleton?: {
                                    /** @default [] */
                                    edges?: [
                                        number,
                                        number
                                    ][];
                                    points: string[];
                                    sigmas?: number[];
                                };
                                symmetric?: boolean;
                                tools: ("box" | "polygon" | "polyline" | "points" | "keypoints" | "mask" | "tag" | "span" | "relation" | "doc-label" | "segment" | "length" | "ellipse" | "rectangle" | "angle" | "bidirectional" | "classification")[];
                            }[];
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            guidelines: string;
                            /** Format: uuid */
                            id: string;
                            labelCount: number;
                            labelSchema: {
                                labels: {
                                    /** @default [] */
                                    attributes: ({
                                        default?: string;
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "select";
                                    } | {
                                        default?: string[];
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "multiselect";
                                    } | {
                                        default?: string;
                                        key: string;
                                        maxLength?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "text";
                                    } | {
                                        default?: number;
                                        key: string;
                                        max?: number;
                                        min?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        step?: number;
                                        /** @constant */
                                        type: "number";
                                    } | {
                                        default?: boolean;
                                        key: string;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "boolean";
                                    })[];
                                    color: unknown;
                                    hotkey?: string;
                                    id: string;
                                    name: string;
                                    skeleton?: {
                                        /** @default [] */
                                        edges: [
                                            number,
                                            number
                                        ][];
                                        points: string[];
                                        sigmas?: number[];
                                    };
                                    symmetric?: boolean;
                                    tools: ("box" | "polygon" | "polyline" | "points" | "keypoints" | "mask" | "tag" | "span" | "relation" | "doc-label" | "segment" | "length" | "ellipse" | "rectangle" | "angle" | "bidirectional" | "classification")[];
                                }[];
                            };
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            schemaVersion: number;
                            /** @enum {string} */
                            status: "active" | "archived";
                            /** Format: date-time */
                            updatedAt: string;
                            workflow: {
                                /**
                                 * @default warn
                                 * @enum {string}
                                 */
                                emptyAnnotations: "allow" | "warn" | "block";
                                /** @default 0 */
                                goldRatio: number;
                                /** @default false */
                                keepDicomOriginals: boolean;
                                /** @default 3 */
                                maxReworkRounds: number;
                                /** @default 1 */
                                overlap: number;
                                /**
                                 * @default {
                                 *       "minAgreement": 0.7,
                                 *       "minGoldAccuracy": 0.8,
                                 *       "iouThreshold": 0.5,
                                 *       "oksThreshold": 0.5,
                                 *       "minDice": 0.9,
                                 *       "maxHd95Mm": 3,
                                 *       "lowGoldAction": "full_review",
                                 *       "showGoldFeedback": false,
                                 *       "autoAcceptConsensus": false
                                 *     }
                                 */
                                qc: {
                                    /** @default false */
                                    autoAcceptConsensus: boolean;
                                    /** @default 0.5 */
                                    iouThreshold: number;
                                    /**
                                     * @default full_review
                                     * @enum {string}
                                     */
                                    lowGoldAction: "full_review" | "pause";
                                    /** @default 3 */
                                    maxHd95Mm: number;
                                    /** @default 0.7 */
                                    minAgreement: number;
                                    /** @default 0.9 */
                                    minDice: number;
                                    /** @default 0.8 */
                                    minGoldAccuracy: number;
                                    /** @default 0.5 */
                                    oksThreshold: number;
                                    /** @default false */
                                    showGoldFeedback: boolean;
                                };
                                /**
                                 * @default {
                                 *       "required": false,
                                 *       "passMark": 0.8,
                                 *       "maxAttempts": 3
                                 *     }
                                 */
                                qualification: {
                                    /** @default 3 */
                                    maxAttempts: number;
                                    /** @default 0.8 */
                                    passMark: number;
                                    /** @default false */
                                    required: boolean;
                                };
                                /**
                                 * @default {
                                 *       "mode": "item",
                                 *       "currency": "USD",
                                 *       "perItem": 0,
                                 *       "perObject": 0,
                                 *       "perLabel": {},
                                 *       "perReview": 0
                                 *     }
                                 */
                                rates: {
                                    /**
                                     * @default USD
                                     * @enum {string}
                                     */
                                    currency: "USD" | "EUR" | "CNY" | "GBP" | "JPY";
                                    /**
                                     * @default item
                                     * @enum {string}
                                     */
                                    mode: "item" | "object";
                                    /** @default 0 */
                                    perItem: number;
                                    /** @default {} */
                                    perLabel: {
                                        [key: string]: number;
                                    };
                                    /** @default 0 */
                                    perObject: number;
                                    /** @default 0 */
                                    perReview: number;
                                };
                                /** @default 1 */
                                reviewSampling: number;
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * People in the project and their project roles
         * @description Needs permission `projects.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                addedAt: string;
                                email: string;
                                name: string;
                                /** @enum {string} */
                                role: "manager" | "reviewer" | "annotator" | "provider" | "consumer";
                                /** Format: uuid */
                                userId: string;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an organisation member to the project (or change their project role)
         * @description Needs permission `projects.members.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "manager" | "reviewer" | "annotator" | "provider" | "consumer";
                        /** Format: uuid */
                        userId: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            addedAt: string;
                            email: string;
                            name: string;
                            /** @enum {string} */
                            role: "manager" | "reviewer" | "annotator" | "provider" | "consumer";
                            /** Format: uuid */
                            userId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove someone from the project
         * @description Needs permission `projects.members.manage`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The models enabled in a project, as an editor offers them for auto-annotation
         * @description Needs permission `models.run`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                kind: string;
                                /** @enum {string} */
                                mediaType: "image" | "text" | "dicom";
                                name: string;
                                version: string;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/preannotations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pre-annotate a project's assets (a batch, given assets, or a filter) with a model enabled in it: a background job, one item per asset
         * @description Needs permission `models.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        modelId: string;
                        /** @default {} */
                        selection?: {
                            assetIds?: string[];
                            /** Format: uuid */
                            batchId?: string;
                            /** @enum {string} */
                            status?: "annotated" | "unannotated" | "submitted" | "accepted";
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/qualification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The project's qualification, and where you stand
         * @description Needs permission `qualification.take`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetIds?: string[];
                            items: number;
                            maxAttempts: number;
                            me: {
                                attempts: {
                                    finishedAt: string | null;
                                    /** Format: uuid */
                                    id: string;
                                    score: number | null;
                                    /** Format: date-time */
                                    startedAt: string;
                                    /** @enum {string} */
                                    state: "open" | "passed" | "failed";
                                }[];
                                canAttempt: boolean;
                                passed: boolean;
                            };
                            passMark: number;
                            required: boolean;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/qualification/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an attempt: the set’s items become tasks assigned to you ("Next task" hands them out)
         * @description Needs permission `qualification.take`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetIds?: string[];
                            items: number;
                            maxAttempts: number;
                            me: {
                                attempts: {
                                    finishedAt: string | null;
                                    /** Format: uuid */
                                    id: string;
                                    score: number | null;
                                    /** Format: date-time */
                                    startedAt: string;
                                    /** @enum {string} */
                                    state: "open" | "passed" | "failed";
                                }[];
                                canAttempt: boolean;
                                passed: boolean;
                            };
                            passMark: number;
                            required: boolean;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/qualification/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Choose the qualification set: gold assets of the project
         * @description Needs permission `quality.manage`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assetIds: string[];
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetIds?: string[];
                            items: number;
                            maxAttempts: number;
                            me: {
                                attempts: {
                                    finishedAt: string | null;
                                    /** Format: uuid */
                                    id: string;
                                    score: number | null;
                                    /** Format: date-time */
                                    startedAt: string;
                                    /** @enum {string} */
                                    state: "open" | "passed" | "failed";
                                }[];
                                canAttempt: boolean;
                                passed: boolean;
                            };
                            passMark: number;
                            required: boolean;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/quality": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A project's quality report: scorecards, agreement, accuracy per label, consensus, cost
         * @description Needs permission `quality.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agreement: {
                                assets: number;
                                belowThreshold: number;
                                chanceCorrected: {
                                    cohenKappa: number | null;
                                    fleissKappa: number | null;
                                    krippendorffAlpha: number | null;
                                    raters: number;
                                    scope: string;
                                    units: number;
                                }[];
                                mean: number | null;
                            };
                            annotators: {
                                accepted: number;
                                activeSecondsPerItem: number | null;
                                agreement: number | null;
                                earnings: number;
                                gold: {
                                    high: number;
                                    low: number;
                                    p: number | null;
                                    successes: number;
                                    trials: number;
                                };
                                items: number;
                                objects: number;
                                qualified: boolean | null;
                                rejectionRate: number | null;
                                reworkRounds: number;
                                sharedAssets: number;
                                status: {
                                    fullReview: boolean;
                                    paused: boolean;
                                    reason: string | null;
                                    since: string | null;
                                };
                                throughput: {
                                    day: string;
                                    items: number;
                                }[];
                                user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                            }[];
                            computedAt: string | null;
                            consensus: {
                                accepted: number;
                                agreed: number;
                                review: number;
                            };
                            cost: {
                                acceptedItems: number;
                                currency: string;
                                /** @enum {string} */
                                mode: "item" | "object";
                                perAcceptedItem: number | null;
                                total: number;
                            };
                            labels: {
                                f1: number;
                                fn: number;
                                fp: number;
                                labelId: string;
                                precision: number | null;
                                recall: number | null;
                                tp: number;
                            }[];
                            /** Format: uuid */
                            projectId: string;
                            reviewers: {
                                activeSecondsPerItem: number | null;
                                earnings: number;
                                gold: {
                                    high: number;
                                    low: number;
                                    p: number | null;
                                    successes: number;
                                    trials: number;
                                };
                                items: number;
                                rejectionRate: number | null;
                                throughput: {
                                    day: string;
                                    items: number;
                                }[];
                                user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                            }[];
                            runningJobId: string | null;
                            version: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/quality/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept every agreed consensus of the project as its asset's result (a job)
         * @description Needs permission `quality.review`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/quality/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Overlapped assets' agreement and consensus, those to review first
         * @description Needs permission `quality.review`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    state?: "review" | "accepted" | "agreed";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                agreement: number | null;
                                /** Format: uuid */
                                assetId: string;
                                assetName: string;
                                /** Format: date-time */
                                computedAt: string;
                                objects: number;
                                people: number;
                                /** @enum {string} */
                                state: "review" | "accepted" | "agreed";
                                ties: number;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/quality/people/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Put someone under full review or pause them in the project, or clear it (stands until new gold evidence)
         * @description Needs permission `quality.manage`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fullReview?: boolean;
                        paused?: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            fullReview: boolean;
                            paused: boolean;
                            reason: string | null;
                            since: string | null;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/quality/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compute the quality report now (it is also computed nightly)
         * @description Needs permission `quality.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/quality/scorecards.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The scorecards as CSV (one row per person and role)
         * @description Needs permission `quality.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A project's releases (a consumer sees only those granted to them)
         * @description Needs permission `releases.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                datasheet: {
                                    agreement: {
                                        [key: string]: unknown;
                                    } | null;
                                    annotations: string;
                                    annotators: number;
                                    assets: {
                                        [key: string]: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    deidentification: string;
                                    description: string;
                                    formats: ("coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv")[];
                                    labels: {
                                        bySplit: {
                                            [key: string]: number;
                                        };
                                        id: string;
                                        name: string;
                                        total: number;
                                    }[];
                                    licence: string;
                                    name: string;
                                    project: string;
                                    release: number;
                                    review: {
                                        accepted: number;
                                        rejected: number;
                                        reviewed: number;
                                    };
                                    schemaVersion: number;
                                } | null;
                                diff: {
                                    added: {
                                        byLabel: {
                                            [key: string]: number;
                                        };
                                        total: number;
                                    };
                                    changed: {
                                        byLabel: {
                                            [key: string]: number;
                                        };
                                        total: number;
                                    };
                                    previous: number | null;
                                    removed: {
                                        byLabel: {
                                            [key: string]: number;
                                        };
                                        total: number;
                                    };
                                } | null;
                                file: {
                                    fileName: string;
                                    sha256: string;
                                    size: number;
                                } | null;
                                finishedAt: string | null;
                                formats: ("coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv")[];
                                /** Format: uuid */
                                id: string;
                                jobRunId: string | null;
                                licence: string;
                                manifest: {
                                    path: string;
                                    sha256: string;
                                    size: number;
                                }[] | null;
                                name: string;
                                number: number;
                                /** Format: uuid */
                                projectId: string;
                                /** @enum {string} */
                                state: "building" | "ready" | "failed";
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Cut the next release of a project: its annotations frozen in the chosen formats, with splits, manifest, datasheet and diff (built by a job)
         * @description Needs permission `releases.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default accepted
                         * @enum {string}
                         */
                        annotations?: "accepted" | "latest";
                        /** @default  */
                        description?: string;
                        filter?: {
                            /** Format: uuid */
                            batchId?: string;
                            labelIds?: string[];
                            /** @enum {string} */
                            status?: "annotated" | "unannotated" | "submitted" | "accepted";
                        };
                        formats: ("coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv")[];
                        /** @default false */
                        includeMedia?: boolean;
                        licence: string;
                        name?: string;
                        splits?: {
                            /** @default 42 */
                            seed?: number;
                            /** @default 0.1 */
                            test?: number;
                            /** @default 0.8 */
                            train?: number;
                            /** @default 0.1 */
                            val?: number;
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasheet: {
                                agreement: {
                                    [key: string]: unknown;
                                } | null;
                                annotations: string;
                                annotators: number;
                                assets: {
                                    [key: string]: number;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                deidentification: string;
                                description: string;
                                formats: ("coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv")[];
                                labels: {
                                    bySplit: {
                                        [key: string]: number;
                                    };
                                    id: string;
                                    name: string;
                                    total: number;
                                }[];
                                licence: string;
                                name: string;
                                project: string;
                                release: number;
                                review: {
                                    accepted: number;
                                    rejected: number;
                                    reviewed: number;
                                };
                                schemaVersion: number;
                            } | null;
                            diff: {
                                added: {
                                    byLabel: {
                                        [key: string]: number;
                                    };
                                    total: number;
                                };
                                changed: {
                                    byLabel: {
                                        [key: string]: number;
                                    };
                                    total: number;
                                };
                                previous: number | null;
                                removed: {
                                    byLabel: {
                                        [key: string]: number;
                                    };
                                    total: number;
                                };
                            } | null;
                            file: {
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            finishedAt: string | null;
                            formats: ("coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv")[];
                            /** Format: uuid */
                            id: string;
                            jobRunId: string | null;
                            licence: string;
                            manifest: {
                                path: string;
                                sha256: string;
                                size: number;
                            }[] | null;
                            name: string;
                            number: number;
                            /** Format: uuid */
                            projectId: string;
                            /** @enum {string} */
                            state: "building" | "ready" | "failed";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore an archived project
         * @description Needs permission `projects.archive`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            guidelines: string;
                            /** Format: uuid */
                            id: string;
                            labelCount: number;
                            labelSchema: {
                                labels: {
                                    /** @default [] */
                                    attributes: ({
                                        default?: string;
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "select";
                                    } | {
                                        default?: string[];
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "multiselect";
                                    } | {
                                        default?: string;
                                        key: string;
                                        maxLength?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "text";
                                    } | {
                                        default?: number;
                                        key: string;
                                        max?: number;
                                        min?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        step?: number;
                                        /** @constant */
                                        type: "number";
                                    } | {
                                        default?: boolean;
                                        key: string;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "boolean";
                                    })[];
                                    color: unknown;
                                    hotkey?: string;
                                    id: string;
                                    name: string;
                                    skeleton?: {
                                        /** @default [] */
                                        edges: [
                                            number,
                                            number
                                        ][];
                                        points: string[];
                                        sigmas?: number[];
                                    };
                                    symmetric?: boolean;
                                    tools: ("box" | "polygon" | "polyline" | "points" | "keypoints" | "mask" | "tag" | "span" | "relation" | "doc-label" | "segment" | "length" | "ellipse" | "rectangle" | "angle" | "bidirectional" | "classification")[];
                                }[];
                            };
                            /** @enum {string} */
                            mediaType: "image" | "text" | "dicom";
                            name: string;
                            schemaVersion: number;
                            /** @enum {string} */
                            status: "active" | "archived";
                            /** Format: date-time */
                            updatedAt: string;
                            workflow: {
                                /**
                                 * @default warn
                                 * @enum {string}
                                 */
                                emptyAnnotations: "allow" | "warn" | "block";
                                /** @default 0 */
                                goldRatio: number;
                                /** @default false */
                                keepDicomOriginals: boolean;
                                /** @default 3 */
                                maxReworkRounds: number;
                                /** @default 1 */
                                overlap: number;
                                /**
                                 * @default {
                                 *       "minAgreement": 0.7,
                                 *       "minGoldAccuracy": 0.8,
                                 *       "iouThreshold": 0.5,
                                 *       "oksThreshold": 0.5,
                                 *       "minDice": 0.9,
                                 *       "maxHd95Mm": 3,
                                 *       "lowGoldAction": "full_review",
                                 *       "showGoldFeedback": false,
                                 *       "autoAcceptConsensus": false
                                 *     }
                                 */
                                qc: {
                                    /** @default false */
                                    autoAcceptConsensus: boolean;
                                    /** @default 0.5 */
                                    iouThreshold: number;
                                    /**
                                     * @default full_review
                                     * @enum {string}
                                     */
                                    lowGoldAction: "full_review" | "pause";
                                    /** @default 3 */
                                    maxHd95Mm: number;
                                    /** @default 0.7 */
                                    minAgreement: number;
                                    /** @default 0.9 */
                                    minDice: number;
                                    /** @default 0.8 */
                                    minGoldAccuracy: number;
                                    /** @default 0.5 */
                                    oksThreshold: number;
                                    /** @default false */
                                    showGoldFeedback: boolean;
                                };
                                /**
                                 * @default {
                                 *       "required": false,
                                 *       "passMark": 0.8,
                                 *       "maxAttempts": 3
                                 *     }
                                 */
                                qualification: {
                                    /** @default 3 */
                                    maxAttempts: number;
                                    /** @default 0.8 */
                                    passMark: number;
                                    /** @default false */
                                    required: boolean;
                                };
                                /**
                                 * @default {
                                 *       "mode": "item",
                                 *       "currency": "USD",
                                 *       "perItem": 0,
                                 *       "perObject": 0,
                                 *       "perLabel": {},
                                 *       "perReview": 0
                                 *     }
                                 */
                                rates: {
                                    /**
                                     * @default USD
                                     * @enum {string}
                                     */
                                    currency: "USD" | "EUR" | "CNY" | "GBP" | "JPY";
                                    /**
                                     * @default item
                                     * @enum {string}
                                     */
                                    mode: "item" | "object";
                                    /** @default 0 */
                                    perItem: number;
                                    /** @default {} */
                                    perLabel: {
                                        [key: string]: number;
                                    };
                                    /** @default 0 */
                                    perObject: number;
                                    /** @default 0 */
                                    perReview: number;
                                };
                                /** @default 1 */
                                reviewSampling: number;
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/schema-versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every version of the label schema
         * @description Needs permission `projects.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string | null;
                                labelCount: number;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/schema-versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One version of the label schema
         * @description Needs permission `projects.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            labelSchema: {
                                labels: {
                                    /** @default [] */
                                    attributes: ({
                                        default?: string;
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "select";
                                    } | {
                                        default?: string[];
                                        key: string;
                                        name: string;
                                        options: string[];
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "multiselect";
                                    } | {
                                        default?: string;
                                        key: string;
                                        maxLength?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "text";
                                    } | {
                                        default?: number;
                                        key: string;
                                        max?: number;
                                        min?: number;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        step?: number;
                                        /** @constant */
                                        type: "number";
                                    } | {
                                        default?: boolean;
                                        key: string;
                                        name: string;
                                        /** @default false */
                                        required: boolean;
                                        /** @constant */
                                        type: "boolean";
                                    })[];
                                    color: unknown;
                                    hotkey?: string;
                                    id: string;
                                    name: string;
                                    skeleton?: {
                                        /** @default [] */
                                        edges: [
                                            number,
                                            number
                                        ][];
                                        points: string[];
                                        sigmas?: number[];
                                    };
                                    symmetric?: boolean;
                                    tools: ("box" | "polygon" | "polyline" | "points" | "keypoints" | "mask" | "tag" | "span" | "relation" | "doc-label" | "segment" | "length" | "ellipse" | "rectangle" | "angle" | "bidirectional" | "classification")[];
                                }[];
                            };
                            version: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/tasks/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim the next task from the pool (with a lease); 204 when there is none for you
         * @description Needs permission `tasks.work`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default annotate
                         * @enum {string}
                         */
                        stage?: "annotate" | "review";
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeSeconds: number;
                            /** Format: uuid */
                            assetId: string;
                            /** @enum {string} */
                            assetKind: "image" | "text" | "dicom";
                            assetName: string;
                            assignee: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            } | null;
                            /** Format: uuid */
                            batchId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            isGold?: boolean;
                            leaseExpiresAt: string | null;
                            openComments: number;
                            /** Format: uuid */
                            projectId: string;
                            reviewOf: string | null;
                            round: number;
                            setId: string | null;
                            /** @enum {string} */
                            stage: "annotate" | "review";
                            /** @enum {string} */
                            state: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                            submittedAt: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/release-files/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The archive behind a signed release link
         * @description No token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/zip": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/releases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One release with its manifest, datasheet and diff
         * @description Needs permission `releases.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasheet: {
                                agreement: {
                                    [key: string]: unknown;
                                } | null;
                                annotations: string;
                                annotators: number;
                                assets: {
                                    [key: string]: number;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                deidentification: string;
                                description: string;
                                formats: ("coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv")[];
                                labels: {
                                    bySplit: {
                                        [key: string]: number;
                                    };
                                    id: string;
                                    name: string;
                                    total: number;
                                }[];
                                licence: string;
                                name: string;
                                project: string;
                                release: number;
                                review: {
                                    accepted: number;
                                    rejected: number;
                                    reviewed: number;
                                };
                                schemaVersion: number;
                            } | null;
                            diff: {
                                added: {
                                    byLabel: {
                                        [key: string]: number;
                                    };
                                    total: number;
                                };
                                changed: {
                                    byLabel: {
                                        [key: string]: number;
                                    };
                                    total: number;
                                };
                                previous: number | null;
                                removed: {
                                    byLabel: {
                                        [key: string]: number;
                                    };
                                    total: number;
                                };
                            } | null;
                            file: {
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            finishedAt: string | null;
                            formats: ("coco" | "yolo-detect" | "yolo-segment" | "yolo-obb" | "yolo-pose" | "voc" | "cvat-images" | "label-studio" | "conll" | "doccano" | "jsonl" | "dicom-seg" | "nifti" | "csv")[];
                            /** Format: uuid */
                            id: string;
                            jobRunId: string | null;
                            licence: string;
                            manifest: {
                                path: string;
                                sha256: string;
                                size: number;
                            }[] | null;
                            name: string;
                            number: number;
                            /** Format: uuid */
                            projectId: string;
                            /** @enum {string} */
                            state: "building" | "ready" | "failed";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/releases/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A signed link (about five minutes) to the release's archive, for a grantee or a manager
         * @description Needs permission `releases.download`; changes nothing, so read-only API tokens may too.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt: string;
                            url: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/releases/{id}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who a release is granted to
         * @description Needs permission `releases.manage`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                email: string;
                                expiresAt: string | null;
                                name: string;
                                /** Format: uuid */
                                userId: string;
                                watermark: boolean;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Grant a release to a member (a consumer), until an optional expiry, optionally with their id watermarked on every picture
         * @description Needs permission `releases.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        expiresAt?: string | null;
                        /** Format: uuid */
                        userId: string;
                        /** @default false */
                        watermark?: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            email: string;
                            expiresAt: string | null;
                            name: string;
                            /** Format: uuid */
                            userId: string;
                            watermark: boolean;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/releases/{id}/grants/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Take a grant back
         * @description Needs permission `releases.manage`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether first-run setup is still needed
         * @description No token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            needsSetup: boolean;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * First-run setup: create the organisation and its owner
         * @description No token needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name: string;
                        organizationName: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessToken: string;
                            /** @description seconds until the access token expires */
                            expiresIn: number;
                            /** @constant */
                            tokenType: "Bearer";
                            user: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                orgId: string;
                                orgName: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "manager" | "reviewer" | "annotator" | "provider" | "consumer" | "auditor";
                            };
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tasks (annotators: their own)
         * @description Needs permission `tasks.read`.
         */
        get: {
            parameters: {
                query?: {
                    batchId?: string;
                    limit?: number;
                    mine?: "true" | "false";
                    offset?: number;
                    projectId?: string;
                    stage?: "annotate" | "review";
                    state?: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                activeSeconds: number;
                                /** Format: uuid */
                                assetId: string;
                                /** @enum {string} */
                                assetKind: "image" | "text" | "dicom";
                                assetName: string;
                                assignee: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                } | null;
                                /** Format: uuid */
                                batchId: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                isGold?: boolean;
                                leaseExpiresAt: string | null;
                                openComments: number;
                                /** Format: uuid */
                                projectId: string;
                                reviewOf: string | null;
                                round: number;
                                setId: string | null;
                                /** @enum {string} */
                                stage: "annotate" | "review";
                                /** @enum {string} */
                                state: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                                submittedAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One task
         * @description Needs permission `tasks.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeSeconds: number;
                            /** Format: uuid */
                            assetId: string;
                            /** @enum {string} */
                            assetKind: "image" | "text" | "dicom";
                            assetName: string;
                            assignee: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            } | null;
                            /** Format: uuid */
                            batchId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            isGold?: boolean;
                            leaseExpiresAt: string | null;
                            openComments: number;
                            /** Format: uuid */
                            projectId: string;
                            reviewOf: string | null;
                            round: number;
                            setId: string | null;
                            /** @enum {string} */
                            stage: "annotate" | "review";
                            /** @enum {string} */
                            state: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                            submittedAt: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/annotations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The task's annotations (a review task's: those of the work it reviews)
         * @description Needs permission `tasks.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            annotations: {
                                attributes: {
                                    [key: string]: string | number | boolean | string[];
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                createdBy: string;
                                geometry: {
                                    height: number;
                                    /** @default 0 */
                                    rotation: number;
                                    /** @constant */
                                    type: "box";
                                    width: number;
                                    x: number;
                                    y: number;
                                } | {
                                    points: [
                                        number,
                                        number
                                    ][];
                                    /** @constant */
                                    type: "polygon";
                                } | {
                                    points: [
                                        number,
                                        number
                                    ][];
                                    /** @constant */
                                    type: "polyline";
                                } | {
                                    points: [
                                        number,
                                        number
                                    ][];
                                    /** @constant */
                                    type: "points";
                                } | {
                                    points: ({
                                        /** @default true */
                                        visible: boolean;
                                        x: number;
                                        y: number;
                                    } | null)[];
                                    /** @constant */
                                    type: "keypoints";
                                } | {
                                    rle: {
                                        counts: number[];
                                        size: [
                                            number,
                                            number
                                        ];
                                    };
                                    /** @constant */
                                    type: "mask";
                                } | {
                                    /** @constant */
                                    type: "tag";
                                } | {
                                    end: number;
                                    start: number;
                                    /** @constant */
                                    type: "span";
                                } | {
                                    /** Format: uuid */
                                    from: string;
                                    /** Format: uuid */
                                    to: string;
                                    /** @constant */
                                    type: "relation";
                                } | {
                                    /** @constant */
                                    type: "doc-label";
                                } | {
                                    slices: {
                                        [key: string]: {
                                            counts: number[];
                                            size: [
                                                number,
                                                number
                                            ];
                                        };
                                    };
                                    /** @constant */
                                    type: "segment";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "length";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "ellipse";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "rectangle";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "angle";
                                } | {
                                    points: [
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ],
                                        [
                                            number,
                                            number,
                                            number
                                        ]
                                    ];
                                    sliceIndex: number;
                                    /** @constant */
                                    type: "bidirectional";
                                } | {
                                    /**
                                     * @default series
                                     * @enum {string}
                                     */
                                    scope: "series" | "study";
                                    /** @constant */
                                    type: "classification";
                                };
                                groupId: string | null;
                                /** Format: uuid */
                                id: string;
                                labelId: string;
                                predictionId: string | null;
                                schemaVersion: number;
                                score: number | null;
                                /** @enum {string} */
                                source: "human" | "model" | "import" | "consensus";
                                span?: {
                                    codePointEnd: number;
                                    codePointStart: number;
                                    text: string;
                                };
                                /** Format: date-time */
                                updatedAt: string;
                                /** Format: uuid */
                                updatedBy: string;
                                version: number;
                                zIndex: number;
                            }[];
                            /** Format: uuid */
                            assetId: string;
                            serverSeq: number;
                            /** Format: uuid */
                            setId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/annotations/ops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply ops to the task's annotations, as the socket does
         * @description Needs permission `tasks.work`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ops: unknown[];
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: ({
                                clientSeq: number;
                                serverSeq: number;
                                /** @constant */
                                status: "committed";
                                warnings?: string[];
                            } | {
                                clientSeq: number | null;
                                /** @enum {string} */
                                code: "invalid" | "forbidden" | "not_found" | "conflict" | "too_large" | "throttled" | "unavailable";
                                errors?: {
                                    message: string;
                                    path: string;
                                }[];
                                message: string;
                                /** @constant */
                                status: "rejected";
                            })[];
                            serverSeq: number;
                            /** Format: uuid */
                            setId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/auto-annotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Auto-annotate a task's asset with a model enabled in its project: a background job whose predictions arrive live in the task
         * @description Needs permission `models.run`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        modelId: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            counts: {
                                failed: number;
                                processed: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            errors: {
                                /** Format: date-time */
                                at?: string;
                                code?: string;
                                item?: string;
                                message: string;
                            }[];
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            params: {
                                [key: string]: unknown;
                            };
                            progress: number;
                            result: {
                                contentType: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                fileName: string;
                                sha256: string;
                                size: number;
                            } | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            /** @enum {string} */
                            type: "audit.export" | "assets.ingest" | "assets.split" | "assets.unzip" | "dicom.ingest" | "assets.import" | "webhooks.deliver" | "quality.task" | "quality.asset" | "quality.accept" | "quality.report" | "quality.fingerprint" | "exports.run" | "annotations.import" | "releases.build" | "preannotate.run";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Comments on the task's work, pinned and threaded
         * @description Needs permission `tasks.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                annotationId: string | null;
                                author: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                body: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                parentId: string | null;
                                point: {
                                    x: number;
                                    y: number;
                                    z?: number;
                                } | null;
                                resolvedAt: string | null;
                                /** Format: uuid */
                                taskId: string;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Comment on the work, pinned to an object or a point, or reply in a thread
         * @description Needs permission `tasks.comment`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        annotationId?: string;
                        body: string;
                        /** Format: uuid */
                        parentId?: string;
                        point?: {
                            x: number;
                            y: number;
                            z?: number;
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            annotationId: string | null;
                            author: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            body: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            parentId: string | null;
                            point: {
                                x: number;
                                y: number;
                                z?: number;
                            } | null;
                            resolvedAt: string | null;
                            /** Format: uuid */
                            taskId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Still working: renews the lease; active beats count towards the time spent
         * @description Needs permission `tasks.work`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeSeconds: number;
                            leaseExpiresAt: string | null;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/quality": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A task's rule findings, and its gold score to managers (and to its annotator where the project shows gold feedback)
         * @description Needs permission `tasks.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            gold: {
                                /** Format: date-time */
                                computedAt: string;
                                correct: number;
                                findings: {
                                    attribute?: string;
                                    dice?: number;
                                    hd95?: number | null;
                                    /** @enum {string} */
                                    kind: "missed" | "extra" | "wrong_label" | "attribute" | "boundary";
                                    labelId: string;
                                    /** Format: uuid */
                                    otherId?: string;
                                    otherLabelId?: string;
                                    /** Format: uuid */
                                    refId?: string;
                                    similarity?: number;
                                }[];
                                reference?: {
                                    attributes: {
                                        [key: string]: string | number | boolean | string[];
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** Format: uuid */
                                    createdBy: string;
                                    geometry: {
                                        height: number;
                                        /** @default 0 */
                                        rotation: number;
                                        /** @constant */
                                        type: "box";
                                        width: number;
                                        x: number;
                                        y: number;
                                    } | {
                                        points: [
                                            number,
                                            number
                                        ][];
                                        /** @constant */
                                        type: "polygon";
                                    } | {
                                        points: [
                                            number,
                                            number
                                        ][];
                                        /** @constant */
                                        type: "polyline";
                                    } | {
                                        points: [
                                            number,
                                            number
                                        ][];
                                        /** @constant */
                                        type: "points";
                                    } | {
                                        points: ({
                                            /** @default true */
                                            visible: boolean;
                                            x: number;
                                            y: number;
                                        } | null)[];
                                        /** @constant */
                                        type: "keypoints";
                                    } | {
                                        rle: {
                                            counts: number[];
                                            size: [
                                                number,
                                                number
                                            ];
                                        };
                                        /** @constant */
                                        type: "mask";
                                    } | {
                                        /** @constant */
                                        type: "tag";
                                    } | {
                                        end: number;
                                        start: number;
                                        /** @constant */
                                        type: "span";
                                    } | {
                                        /** Format: uuid */
                                        from: string;
                                        /** Format: uuid */
                                        to: string;
                                        /** @constant */
                                        type: "relation";
                                    } | {
                                        /** @constant */
                                        type: "doc-label";
                                    } | {
                                        slices: {
                                            [key: string]: {
                                                counts: number[];
                                                size: [
                                                    number,
                                                    number
                                                ];
                                            };
                                        };
                                        /** @constant */
                                        type: "segment";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "length";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "ellipse";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "rectangle";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "angle";
                                    } | {
                                        points: [
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ],
                                            [
                                                number,
                                                number,
                                                number
                                            ]
                                        ];
                                        sliceIndex: number;
                                        /** @constant */
                                        type: "bidirectional";
                                    } | {
                                        /**
                                         * @default series
                                         * @enum {string}
                                         */
                                        scope: "series" | "study";
                                        /** @constant */
                                        type: "classification";
                                    };
                                    groupId: string | null;
                                    /** Format: uuid */
                                    id: string;
                                    labelId: string;
                                    predictionId: string | null;
                                    schemaVersion: number;
                                    score: number | null;
                                    /** @enum {string} */
                                    source: "human" | "model" | "import" | "consensus";
                                    /** Format: date-time */
                                    updatedAt: string;
                                    /** Format: uuid */
                                    updatedBy: string;
                                    version: number;
                                    zIndex: number;
                                }[];
                                score: number | null;
                                trials: number;
                                version: number;
                            } | null;
                            rules: {
                                /** Format: date-time */
                                computedAt: string;
                                findings: {
                                    /** Format: uuid */
                                    annotationId: string;
                                    /** @enum {string} */
                                    kind: "schema" | "duplicate" | "degenerate";
                                    message: string;
                                    /** Format: uuid */
                                    otherId?: string;
                                    path?: string;
                                    /** @enum {string} */
                                    severity: "error" | "warning";
                                }[];
                                version: number;
                            } | null;
                            /** Format: uuid */
                            taskId: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept or reject the work a review task reviews (a rejection needs a comment)
         * @description Needs permission `tasks.review`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                        /** @enum {string} */
                        decision: "accept" | "reject";
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeSeconds: number;
                            /** Format: uuid */
                            assetId: string;
                            /** @enum {string} */
                            assetKind: "image" | "text" | "dicom";
                            assetName: string;
                            assignee: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            } | null;
                            /** Format: uuid */
                            batchId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            isGold?: boolean;
                            leaseExpiresAt: string | null;
                            openComments: number;
                            /** Format: uuid */
                            projectId: string;
                            reviewOf: string | null;
                            round: number;
                            setId: string | null;
                            /** @enum {string} */
                            stage: "annotate" | "review";
                            /** @enum {string} */
                            state: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                            submittedAt: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/skip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give the task back to the pool; it is not offered to you again
         * @description Needs permission `tasks.work`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeSeconds: number;
                            /** Format: uuid */
                            assetId: string;
                            /** @enum {string} */
                            assetKind: "image" | "text" | "dicom";
                            assetName: string;
                            assignee: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            } | null;
                            /** Format: uuid */
                            batchId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            isGold?: boolean;
                            leaseExpiresAt: string | null;
                            openComments: number;
                            /** Format: uuid */
                            projectId: string;
                            reviewOf: string | null;
                            round: number;
                            setId: string | null;
                            /** @enum {string} */
                            stage: "annotate" | "review";
                            /** @enum {string} */
                            state: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                            submittedAt: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a task for work (a rejected one starts its rework round)
         * @description Needs permission `tasks.work`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeSeconds: number;
                            /** Format: uuid */
                            assetId: string;
                            /** @enum {string} */
                            assetKind: "image" | "text" | "dicom";
                            assetName: string;
                            assignee: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            } | null;
                            /** Format: uuid */
                            batchId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            isGold?: boolean;
                            leaseExpiresAt: string | null;
                            openComments: number;
                            /** Format: uuid */
                            projectId: string;
                            reviewOf: string | null;
                            round: number;
                            setId: string | null;
                            /** @enum {string} */
                            stage: "annotate" | "review";
                            /** @enum {string} */
                            state: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                            submittedAt: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hand in an annotate task after the schema's rule checks (422 with the blocking errors)
         * @description Needs permission `tasks.work`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            task: {
                                activeSeconds: number;
                                /** Format: uuid */
                                assetId: string;
                                /** @enum {string} */
                                assetKind: "image" | "text" | "dicom";
                                assetName: string;
                                assignee: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                } | null;
                                /** Format: uuid */
                                batchId: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                isGold?: boolean;
                                leaseExpiresAt: string | null;
                                openComments: number;
                                /** Format: uuid */
                                projectId: string;
                                reviewOf: string | null;
                                round: number;
                                setId: string | null;
                                /** @enum {string} */
                                stage: "annotate" | "review";
                                /** @enum {string} */
                                state: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                                submittedAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                            warnings: {
                                /** Format: uuid */
                                annotationId?: string;
                                message: string;
                                path: string;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every move the task made: who, when, why
         * @description Needs permission `tasks.read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                actor: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                from: ("queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected") | null;
                                reason: string;
                                /** @enum {string} */
                                to: "queued" | "assigned" | "in_progress" | "submitted" | "accepted" | "rejected";
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a tus 1.0.0 resumable upload (Upload-Length; Upload-Metadata with projectId and filename)
         * @description Needs permission `assets.upload`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/uploads/{uploadId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Abandon a tus 1.0.0 resumable upload
         * @description Needs permission `assets.upload`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    uploadId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        /**
         * How much of a tus 1.0.0 resumable upload the server has (Upload-Offset)
         * @description Needs permission `assets.upload`.
         */
        head: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    uploadId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Send the next bytes of a tus 1.0.0 resumable upload; the last answers with the upload result
         * @description Needs permission `assets.upload`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    uploadId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your organisation's webhooks
         * @description Needs permission `webhooks.manage`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                active: boolean;
                                /** Format: date-time */
                                createdAt: string;
                                events: ("task.submitted" | "task.accepted" | "task.rejected" | "batch.completed" | "release.ready" | "assets.deleted" | "project.deleted")[];
                                /** Format: uuid */
                                id: string;
                                url: string;
                            }[];
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a webhook; the answer carries its signing secret, shown this once. URLs on loopback, private or link-local addresses are refused (422) unless allowlisted
         * @description Needs permission `webhooks.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        events: ("task.submitted" | "task.accepted" | "task.rejected" | "batch.completed" | "release.ready" | "assets.deleted" | "project.deleted")[];
                        /** Format: uri */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            events: ("task.submitted" | "task.accepted" | "task.rejected" | "batch.completed" | "release.ready" | "assets.deleted" | "project.deleted")[];
                            /** Format: uuid */
                            id: string;
                            secret: string;
                            url: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a webhook and its delivery log
         * @description Needs permission `webhooks.manage`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a webhook: its URL (checked as at creation), its events, or pause and resume it (`active`); the secret stays
         * @description Needs permission `webhooks.manage`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        events?: ("task.submitted" | "task.accepted" | "task.rejected" | "batch.completed" | "release.ready" | "assets.deleted" | "project.deleted")[];
                        /** Format: uri */
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            events: ("task.submitted" | "task.accepted" | "task.rejected" | "batch.completed" | "release.ready" | "assets.deleted" | "project.deleted")[];
                            /** Format: uuid */
                            id: string;
                            url: string;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A webhook's delivery log, newest first
         * @description Needs permission `webhooks.manage`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                /** Format: date-time */
                                createdAt: string;
                                deliveredAt: string | null;
                                /** @enum {string} */
                                event: "task.submitted" | "task.accepted" | "task.rejected" | "batch.completed" | "release.ready" | "assets.deleted" | "project.deleted" | "ping";
                                /** Format: uuid */
                                id: string;
                                lastError: string | null;
                                lastStatus: number | null;
                                /** @enum {string} */
                                state: "pending" | "delivered" | "failed";
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test delivery (event `ping`) to this webhook
         * @description Needs permission `webhooks.manage`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            /** Format: date-time */
                            createdAt: string;
                            deliveredAt: string | null;
                            /** @enum {string} */
                            event: "task.submitted" | "task.accepted" | "task.rejected" | "batch.completed" | "release.ready" | "assets.deleted" | "project.deleted" | "ping";
                            /** Format: uuid */
                            id: string;
                            lastError: string | null;
                            lastStatus: number | null;
                            /** @enum {string} */
                            state: "pending" | "delivered" | "failed";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid access token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role does not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers
         * @description No token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description No token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: Postgres, Redis and the blob store answer
         * @description No token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                [key: string]: {
                                    error?: string;
                                    ms: number;
                                    ok: boolean;
                                };
                            };
                            /** @constant */
                            status: "ok";
                        };
                    };
                };
                /** @description The request is malformed or does not match its schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or in another organisation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Problem: {
            code?: string;
            detail?: string;
            errors?: {
                code?: string;
                message: string;
                params?: {
                    [key: string]: string;
                };
                path: string;
            }[];
            instance?: string;
            params?: {
                [key: string]: string;
            };
            requestId?: string;
            status: number;
            title: string;
            type: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
