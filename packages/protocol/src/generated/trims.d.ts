import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace trims. */
export namespace trims {

    /** Namespace v1. */
    namespace v1 {

        /** ErrorCode enum. */
        enum ErrorCode {

            /** OK value */
            OK = 0,

            /** BAD_REQUEST value */
            BAD_REQUEST = 1,

            /** VERSION_MISMATCH value */
            VERSION_MISMATCH = 2,

            /** NOT_FOUND value */
            NOT_FOUND = 3,

            /** FETCH_FAILED value */
            FETCH_FAILED = 4,

            /** CORRUPT_MODEL value */
            CORRUPT_MODEL = 5,

            /** ACCESS_DENIED value */
            ACCESS_DENIED = 6,

            /** LOAD_PRIVATELY value */
            LOAD_PRIVATELY = 7,

            /** QUOTA_EXCEEDED value */
            QUOTA_EXCEEDED = 8,

            /** UNKNOWN_HANDLE value */
            UNKNOWN_HANDLE = 9,

            /** FRAME_TOO_LARGE value */
            FRAME_TOO_LARGE = 10,

            /** UNAVAILABLE value */
            UNAVAILABLE = 11,

            /** SHUTTING_DOWN value */
            SHUTTING_DOWN = 12,

            /** INTERNAL value */
            INTERNAL = 13,

            /** UNTRUSTED_DAEMON value */
            UNTRUSTED_DAEMON = 14
        }

        /**
         * Properties of an Error.
         * @deprecated Use trims.v1.Error.$Properties instead.
         */
        interface IError extends trims.v1.Error.$Properties {
        }

        /** Represents an Error. */
        class Error {

            /**
             * Constructs a new Error.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Error.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Error code. */
            code: trims.v1.ErrorCode;

            /** Error message. */
            message: string;

            /** Error model. */
            model: string;

            /** Error tier. */
            tier: string;

            /**
             * Creates a new Error instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Error instance
             */
            static create(properties: trims.v1.Error.$Shape): trims.v1.Error & trims.v1.Error.$Shape;
            static create(properties?: trims.v1.Error.$Properties): trims.v1.Error;

            /**
             * Encodes the specified Error message. Does not implicitly {@link trims.v1.Error.verify|verify} messages.
             * @param message Error message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Error.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Error & trims.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Error & trims.v1.Error.$Shape;
        }

        namespace Error {

            /** Properties of an Error. */
            interface $Properties {

                /** Error code */
                code?: (trims.v1.ErrorCode|null);

                /** Error message */
                message?: (string|null);

                /** Error model */
                model?: (string|null);

                /** Error tier */
                tier?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Error. */
            type $Shape = trims.v1.Error.$Properties;
        }

        /** Tier enum. */
        enum Tier {

            /** TIER_UNSPECIFIED value */
            TIER_UNSPECIFIED = 0,

            /** GPU value */
            GPU = 1,

            /** HOST value */
            HOST = 2,

            /** DISK value */
            DISK = 3,

            /** REMOTE value */
            REMOTE = 4
        }

        /**
         * Properties of a LoadOptions.
         * @deprecated Use trims.v1.LoadOptions.$Properties instead.
         */
        interface ILoadOptions extends trims.v1.LoadOptions.$Properties {
        }

        /** Represents a LoadOptions. */
        class LoadOptions {

            /**
             * Constructs a new LoadOptions.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.LoadOptions.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LoadOptions headers. */
            headers: { [k: string]: string };

            /** LoadOptions weightPathPrefix. */
            weightPathPrefix: string;

            /**
             * Creates a new LoadOptions instance using the specified properties.
             * @param [properties] Properties to set
             * @returns LoadOptions instance
             */
            static create(properties: trims.v1.LoadOptions.$Shape): trims.v1.LoadOptions & trims.v1.LoadOptions.$Shape;
            static create(properties?: trims.v1.LoadOptions.$Properties): trims.v1.LoadOptions;

            /**
             * Encodes the specified LoadOptions message. Does not implicitly {@link trims.v1.LoadOptions.verify|verify} messages.
             * @param message LoadOptions message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.LoadOptions.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LoadOptions message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.LoadOptions & trims.v1.LoadOptions.$Shape} LoadOptions
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.LoadOptions & trims.v1.LoadOptions.$Shape;
        }

        namespace LoadOptions {

            /** Properties of a LoadOptions. */
            interface $Properties {

                /** LoadOptions headers */
                headers?: ({ [k: string]: string }|null);

                /** LoadOptions weightPathPrefix */
                weightPathPrefix?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a LoadOptions. */
            type $Shape = trims.v1.LoadOptions.$Properties;
        }

        /**
         * Properties of a Hello.
         * @deprecated Use trims.v1.Hello.$Properties instead.
         */
        interface IHello extends trims.v1.Hello.$Properties {
        }

        /** Represents a Hello. */
        class Hello {

            /**
             * Constructs a new Hello.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Hello.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Hello protocolVersion. */
            protocolVersion: number;

            /** Hello client. */
            client: string;

            /**
             * Creates a new Hello instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Hello instance
             */
            static create(properties: trims.v1.Hello.$Shape): trims.v1.Hello & trims.v1.Hello.$Shape;
            static create(properties?: trims.v1.Hello.$Properties): trims.v1.Hello;

            /**
             * Encodes the specified Hello message. Does not implicitly {@link trims.v1.Hello.verify|verify} messages.
             * @param message Hello message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Hello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Hello message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Hello & trims.v1.Hello.$Shape} Hello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Hello & trims.v1.Hello.$Shape;
        }

        namespace Hello {

            /** Properties of a Hello. */
            interface $Properties {

                /** Hello protocolVersion */
                protocolVersion?: (number|null);

                /** Hello client */
                client?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Hello. */
            type $Shape = trims.v1.Hello.$Properties;
        }

        /**
         * Properties of a HelloReply.
         * @deprecated Use trims.v1.HelloReply.$Properties instead.
         */
        interface IHelloReply extends trims.v1.HelloReply.$Properties {
        }

        /** Represents a HelloReply. */
        class HelloReply {

            /**
             * Constructs a new HelloReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.HelloReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** HelloReply protocolVersion. */
            protocolVersion: number;

            /** HelloReply server. */
            server: string;

            /**
             * Creates a new HelloReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns HelloReply instance
             */
            static create(properties: trims.v1.HelloReply.$Shape): trims.v1.HelloReply & trims.v1.HelloReply.$Shape;
            static create(properties?: trims.v1.HelloReply.$Properties): trims.v1.HelloReply;

            /**
             * Encodes the specified HelloReply message. Does not implicitly {@link trims.v1.HelloReply.verify|verify} messages.
             * @param message HelloReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.HelloReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a HelloReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.HelloReply & trims.v1.HelloReply.$Shape} HelloReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.HelloReply & trims.v1.HelloReply.$Shape;
        }

        namespace HelloReply {

            /** Properties of a HelloReply. */
            interface $Properties {

                /** HelloReply protocolVersion */
                protocolVersion?: (number|null);

                /** HelloReply server */
                server?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a HelloReply. */
            type $Shape = trims.v1.HelloReply.$Properties;
        }

        /**
         * Properties of an Open.
         * @deprecated Use trims.v1.Open.$Properties instead.
         */
        interface IOpen extends trims.v1.Open.$Properties {
        }

        /** Represents an Open. */
        class Open {

            /**
             * Constructs a new Open.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Open.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Open url. */
            url: string;

            /** Open device. */
            device: string;

            /** Open options. */
            options?: (trims.v1.LoadOptions.$Properties|null);

            /** Open attachedFiles. */
            attachedFiles: number;

            /**
             * Creates a new Open instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Open instance
             */
            static create(properties: trims.v1.Open.$Shape): trims.v1.Open & trims.v1.Open.$Shape;
            static create(properties?: trims.v1.Open.$Properties): trims.v1.Open;

            /**
             * Encodes the specified Open message. Does not implicitly {@link trims.v1.Open.verify|verify} messages.
             * @param message Open message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Open.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Open message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Open & trims.v1.Open.$Shape} Open
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Open & trims.v1.Open.$Shape;
        }

        namespace Open {

            /** Properties of an Open. */
            interface $Properties {

                /** Open url */
                url?: (string|null);

                /** Open device */
                device?: (string|null);

                /** Open options */
                options?: (trims.v1.LoadOptions.$Properties|null);

                /** Open attachedFiles */
                attachedFiles?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Open. */
            type $Shape = trims.v1.Open.$Properties;
        }

        /**
         * Properties of an OpenReply.
         * @deprecated Use trims.v1.OpenReply.$Properties instead.
         */
        interface IOpenReply extends trims.v1.OpenReply.$Properties {
        }

        /** Represents an OpenReply. */
        class OpenReply {

            /**
             * Constructs a new OpenReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.OpenReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** OpenReply handle. */
            handle: number;

            /** OpenReply digest. */
            digest: string;

            /** OpenReply tier. */
            tier: trims.v1.Tier;

            /** OpenReply segmentBytes. */
            segmentBytes: number;

            /** OpenReply gpuDevice. */
            gpuDevice: number;

            /** OpenReply gpuAllocationBytes. */
            gpuAllocationBytes: number;

            /**
             * Creates a new OpenReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns OpenReply instance
             */
            static create(properties: trims.v1.OpenReply.$Shape): trims.v1.OpenReply & trims.v1.OpenReply.$Shape;
            static create(properties?: trims.v1.OpenReply.$Properties): trims.v1.OpenReply;

            /**
             * Encodes the specified OpenReply message. Does not implicitly {@link trims.v1.OpenReply.verify|verify} messages.
             * @param message OpenReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.OpenReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an OpenReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.OpenReply & trims.v1.OpenReply.$Shape} OpenReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.OpenReply & trims.v1.OpenReply.$Shape;
        }

        namespace OpenReply {

            /** Properties of an OpenReply. */
            interface $Properties {

                /** OpenReply handle */
                handle?: (number|null);

                /** OpenReply digest */
                digest?: (string|null);

                /** OpenReply tier */
                tier?: (trims.v1.Tier|null);

                /** OpenReply segmentBytes */
                segmentBytes?: (number|null);

                /** OpenReply gpuDevice */
                gpuDevice?: (number|null);

                /** OpenReply gpuAllocationBytes */
                gpuAllocationBytes?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an OpenReply. */
            type $Shape = trims.v1.OpenReply.$Properties;
        }

        /**
         * Properties of a Close.
         * @deprecated Use trims.v1.Close.$Properties instead.
         */
        interface IClose extends trims.v1.Close.$Properties {
        }

        /** Represents a Close. */
        class Close {

            /**
             * Constructs a new Close.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Close.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Close handle. */
            handle: number;

            /**
             * Creates a new Close instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Close instance
             */
            static create(properties: trims.v1.Close.$Shape): trims.v1.Close & trims.v1.Close.$Shape;
            static create(properties?: trims.v1.Close.$Properties): trims.v1.Close;

            /**
             * Encodes the specified Close message. Does not implicitly {@link trims.v1.Close.verify|verify} messages.
             * @param message Close message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Close.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Close message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Close & trims.v1.Close.$Shape} Close
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Close & trims.v1.Close.$Shape;
        }

        namespace Close {

            /** Properties of a Close. */
            interface $Properties {

                /** Close handle */
                handle?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Close. */
            type $Shape = trims.v1.Close.$Properties;
        }

        /**
         * Properties of a CloseReply.
         * @deprecated Use trims.v1.CloseReply.$Properties instead.
         */
        interface ICloseReply extends trims.v1.CloseReply.$Properties {
        }

        /** Represents a CloseReply. */
        class CloseReply {

            /**
             * Constructs a new CloseReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.CloseReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new CloseReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CloseReply instance
             */
            static create(properties: trims.v1.CloseReply.$Shape): trims.v1.CloseReply & trims.v1.CloseReply.$Shape;
            static create(properties?: trims.v1.CloseReply.$Properties): trims.v1.CloseReply;

            /**
             * Encodes the specified CloseReply message. Does not implicitly {@link trims.v1.CloseReply.verify|verify} messages.
             * @param message CloseReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.CloseReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CloseReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.CloseReply & trims.v1.CloseReply.$Shape} CloseReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.CloseReply & trims.v1.CloseReply.$Shape;
        }

        namespace CloseReply {

            /** Properties of a CloseReply. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CloseReply. */
            type $Shape = trims.v1.CloseReply.$Properties;
        }

        /**
         * Properties of a Preload.
         * @deprecated Use trims.v1.Preload.$Properties instead.
         */
        interface IPreload extends trims.v1.Preload.$Properties {
        }

        /** Represents a Preload. */
        class Preload {

            /**
             * Constructs a new Preload.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Preload.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Preload url. */
            url: string;

            /** Preload tier. */
            tier: trims.v1.Tier;

            /** Preload pin. */
            pin: boolean;

            /** Preload options. */
            options?: (trims.v1.LoadOptions.$Properties|null);

            /** Preload attachedFiles. */
            attachedFiles: number;

            /**
             * Creates a new Preload instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Preload instance
             */
            static create(properties: trims.v1.Preload.$Shape): trims.v1.Preload & trims.v1.Preload.$Shape;
            static create(properties?: trims.v1.Preload.$Properties): trims.v1.Preload;

            /**
             * Encodes the specified Preload message. Does not implicitly {@link trims.v1.Preload.verify|verify} messages.
             * @param message Preload message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Preload.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Preload message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Preload & trims.v1.Preload.$Shape} Preload
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Preload & trims.v1.Preload.$Shape;
        }

        namespace Preload {

            /** Properties of a Preload. */
            interface $Properties {

                /** Preload url */
                url?: (string|null);

                /** Preload tier */
                tier?: (trims.v1.Tier|null);

                /** Preload pin */
                pin?: (boolean|null);

                /** Preload options */
                options?: (trims.v1.LoadOptions.$Properties|null);

                /** Preload attachedFiles */
                attachedFiles?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Preload. */
            type $Shape = trims.v1.Preload.$Properties;
        }

        /**
         * Properties of a PreloadReply.
         * @deprecated Use trims.v1.PreloadReply.$Properties instead.
         */
        interface IPreloadReply extends trims.v1.PreloadReply.$Properties {
        }

        /** Represents a PreloadReply. */
        class PreloadReply {

            /**
             * Constructs a new PreloadReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.PreloadReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** PreloadReply digest. */
            digest: string;

            /** PreloadReply tier. */
            tier: trims.v1.Tier;

            /** PreloadReply bytes. */
            bytes: number;

            /**
             * Creates a new PreloadReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns PreloadReply instance
             */
            static create(properties: trims.v1.PreloadReply.$Shape): trims.v1.PreloadReply & trims.v1.PreloadReply.$Shape;
            static create(properties?: trims.v1.PreloadReply.$Properties): trims.v1.PreloadReply;

            /**
             * Encodes the specified PreloadReply message. Does not implicitly {@link trims.v1.PreloadReply.verify|verify} messages.
             * @param message PreloadReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.PreloadReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a PreloadReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.PreloadReply & trims.v1.PreloadReply.$Shape} PreloadReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.PreloadReply & trims.v1.PreloadReply.$Shape;
        }

        namespace PreloadReply {

            /** Properties of a PreloadReply. */
            interface $Properties {

                /** PreloadReply digest */
                digest?: (string|null);

                /** PreloadReply tier */
                tier?: (trims.v1.Tier|null);

                /** PreloadReply bytes */
                bytes?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a PreloadReply. */
            type $Shape = trims.v1.PreloadReply.$Properties;
        }

        /**
         * Properties of an Evict.
         * @deprecated Use trims.v1.Evict.$Properties instead.
         */
        interface IEvict extends trims.v1.Evict.$Properties {
        }

        /** Represents an Evict. */
        class Evict {

            /**
             * Constructs a new Evict.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Evict.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Evict url. */
            url?: (string|null);

            /** Evict digest. */
            digest?: (string|null);

            /** Evict all. */
            all?: (boolean|null);

            /** Evict tier. */
            tier: trims.v1.Tier;

            /** Evict target. */
            target?: ("url"|"digest"|"all");

            /**
             * Creates a new Evict instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Evict instance
             */
            static create(properties: trims.v1.Evict.$Shape): trims.v1.Evict & trims.v1.Evict.$Shape;
            static create(properties?: trims.v1.Evict.$Properties): trims.v1.Evict;

            /**
             * Encodes the specified Evict message. Does not implicitly {@link trims.v1.Evict.verify|verify} messages.
             * @param message Evict message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Evict.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Evict message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Evict & trims.v1.Evict.$Shape} Evict
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Evict & trims.v1.Evict.$Shape;
        }

        namespace Evict {

            /** Properties of an Evict. */
            interface $Properties {

                /** Evict url */
                url?: (string|null);

                /** Evict digest */
                digest?: (string|null);

                /** Evict all */
                all?: (boolean|null);

                /** Evict tier */
                tier?: (trims.v1.Tier|null);

                /** Evict target */
                target?: ("url"|"digest"|"all");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of an Evict. */
            type $Shape = {
              url?: string|null;
              digest?: string|null;
              all?: boolean|null;
              tier?: trims.v1.Tier|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ target?: undefined; url?: null; digest?: null; all?: null }|{ target?: "url"; url: string; digest?: null; all?: null }|{ target?: "digest"; url?: null; digest: string; all?: null }|{ target?: "all"; url?: null; digest?: null; all: boolean })
            );
        }

        /**
         * Properties of an EvictReply.
         * @deprecated Use trims.v1.EvictReply.$Properties instead.
         */
        interface IEvictReply extends trims.v1.EvictReply.$Properties {
        }

        /** Represents an EvictReply. */
        class EvictReply {

            /**
             * Constructs a new EvictReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.EvictReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** EvictReply evicted. */
            evicted: string[];

            /** EvictReply kept. */
            kept: string[];

            /** EvictReply evictedCount. */
            evictedCount: number;

            /** EvictReply keptCount. */
            keptCount: number;

            /**
             * Creates a new EvictReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns EvictReply instance
             */
            static create(properties: trims.v1.EvictReply.$Shape): trims.v1.EvictReply & trims.v1.EvictReply.$Shape;
            static create(properties?: trims.v1.EvictReply.$Properties): trims.v1.EvictReply;

            /**
             * Encodes the specified EvictReply message. Does not implicitly {@link trims.v1.EvictReply.verify|verify} messages.
             * @param message EvictReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.EvictReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an EvictReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.EvictReply & trims.v1.EvictReply.$Shape} EvictReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.EvictReply & trims.v1.EvictReply.$Shape;
        }

        namespace EvictReply {

            /** Properties of an EvictReply. */
            interface $Properties {

                /** EvictReply evicted */
                evicted?: (string[]|null);

                /** EvictReply kept */
                kept?: (string[]|null);

                /** EvictReply evictedCount */
                evictedCount?: (number|null);

                /** EvictReply keptCount */
                keptCount?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an EvictReply. */
            type $Shape = trims.v1.EvictReply.$Properties;
        }

        /**
         * Properties of a List.
         * @deprecated Use trims.v1.List.$Properties instead.
         */
        interface IList extends trims.v1.List.$Properties {
        }

        /** Represents a List. */
        class List {

            /**
             * Constructs a new List.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.List.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** List after. */
            after: string;

            /**
             * Creates a new List instance using the specified properties.
             * @param [properties] Properties to set
             * @returns List instance
             */
            static create(properties: trims.v1.List.$Shape): trims.v1.List & trims.v1.List.$Shape;
            static create(properties?: trims.v1.List.$Properties): trims.v1.List;

            /**
             * Encodes the specified List message. Does not implicitly {@link trims.v1.List.verify|verify} messages.
             * @param message List message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.List.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a List message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.List & trims.v1.List.$Shape} List
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.List & trims.v1.List.$Shape;
        }

        namespace List {

            /** Properties of a List. */
            interface $Properties {

                /** List after */
                after?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a List. */
            type $Shape = trims.v1.List.$Properties;
        }

        /**
         * Properties of a ModelInfo.
         * @deprecated Use trims.v1.ModelInfo.$Properties instead.
         */
        interface IModelInfo extends trims.v1.ModelInfo.$Properties {
        }

        /** Represents a ModelInfo. */
        class ModelInfo {

            /**
             * Constructs a new ModelInfo.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.ModelInfo.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ModelInfo urls. */
            urls: string[];

            /** ModelInfo digest. */
            digest: string;

            /** ModelInfo tier. */
            tier: trims.v1.Tier;

            /** ModelInfo bytes. */
            bytes: number;

            /** ModelInfo refs. */
            refs: number;

            /** ModelInfo hits. */
            hits: number;

            /** ModelInfo pinned. */
            pinned: boolean;

            /** ModelInfo lastUsedMs. */
            lastUsedMs: number;

            /** ModelInfo tiers. */
            tiers: trims.v1.Tier[];

            /** ModelInfo moreUrls. */
            moreUrls: number;

            /**
             * Creates a new ModelInfo instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ModelInfo instance
             */
            static create(properties: trims.v1.ModelInfo.$Shape): trims.v1.ModelInfo & trims.v1.ModelInfo.$Shape;
            static create(properties?: trims.v1.ModelInfo.$Properties): trims.v1.ModelInfo;

            /**
             * Encodes the specified ModelInfo message. Does not implicitly {@link trims.v1.ModelInfo.verify|verify} messages.
             * @param message ModelInfo message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.ModelInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ModelInfo message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.ModelInfo & trims.v1.ModelInfo.$Shape} ModelInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.ModelInfo & trims.v1.ModelInfo.$Shape;
        }

        namespace ModelInfo {

            /** Properties of a ModelInfo. */
            interface $Properties {

                /** ModelInfo urls */
                urls?: (string[]|null);

                /** ModelInfo digest */
                digest?: (string|null);

                /** ModelInfo tier */
                tier?: (trims.v1.Tier|null);

                /** ModelInfo bytes */
                bytes?: (number|null);

                /** ModelInfo refs */
                refs?: (number|null);

                /** ModelInfo hits */
                hits?: (number|null);

                /** ModelInfo pinned */
                pinned?: (boolean|null);

                /** ModelInfo lastUsedMs */
                lastUsedMs?: (number|null);

                /** ModelInfo tiers */
                tiers?: (trims.v1.Tier[]|null);

                /** ModelInfo moreUrls */
                moreUrls?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ModelInfo. */
            type $Shape = trims.v1.ModelInfo.$Properties;
        }

        /**
         * Properties of a TierUsage.
         * @deprecated Use trims.v1.TierUsage.$Properties instead.
         */
        interface ITierUsage extends trims.v1.TierUsage.$Properties {
        }

        /** Represents a TierUsage. */
        class TierUsage {

            /**
             * Constructs a new TierUsage.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.TierUsage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** TierUsage used. */
            used: number;

            /** TierUsage budget. */
            budget: number;

            /** TierUsage models. */
            models: number;

            /** TierUsage degraded. */
            degraded: string;

            /**
             * Creates a new TierUsage instance using the specified properties.
             * @param [properties] Properties to set
             * @returns TierUsage instance
             */
            static create(properties: trims.v1.TierUsage.$Shape): trims.v1.TierUsage & trims.v1.TierUsage.$Shape;
            static create(properties?: trims.v1.TierUsage.$Properties): trims.v1.TierUsage;

            /**
             * Encodes the specified TierUsage message. Does not implicitly {@link trims.v1.TierUsage.verify|verify} messages.
             * @param message TierUsage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.TierUsage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a TierUsage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.TierUsage & trims.v1.TierUsage.$Shape} TierUsage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.TierUsage & trims.v1.TierUsage.$Shape;
        }

        namespace TierUsage {

            /** Properties of a TierUsage. */
            interface $Properties {

                /** TierUsage used */
                used?: (number|null);

                /** TierUsage budget */
                budget?: (number|null);

                /** TierUsage models */
                models?: (number|null);

                /** TierUsage degraded */
                degraded?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a TierUsage. */
            type $Shape = trims.v1.TierUsage.$Properties;
        }

        /**
         * Properties of a ListReply.
         * @deprecated Use trims.v1.ListReply.$Properties instead.
         */
        interface IListReply extends trims.v1.ListReply.$Properties {
        }

        /** Represents a ListReply. */
        class ListReply {

            /**
             * Constructs a new ListReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.ListReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ListReply models. */
            models: trims.v1.ModelInfo.$Properties[];

            /** ListReply tiers. */
            tiers: { [k: string]: trims.v1.TierUsage.$Properties };

            /** ListReply gpuDriver. */
            gpuDriver: string;

            /** ListReply gpuReadOnly. */
            gpuReadOnly: boolean;

            /** ListReply next. */
            next: string;

            /**
             * Creates a new ListReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ListReply instance
             */
            static create(properties: trims.v1.ListReply.$Shape): trims.v1.ListReply & trims.v1.ListReply.$Shape;
            static create(properties?: trims.v1.ListReply.$Properties): trims.v1.ListReply;

            /**
             * Encodes the specified ListReply message. Does not implicitly {@link trims.v1.ListReply.verify|verify} messages.
             * @param message ListReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.ListReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ListReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.ListReply & trims.v1.ListReply.$Shape} ListReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.ListReply & trims.v1.ListReply.$Shape;
        }

        namespace ListReply {

            /** Properties of a ListReply. */
            interface $Properties {

                /** ListReply models */
                models?: (trims.v1.ModelInfo.$Properties[]|null);

                /** ListReply tiers */
                tiers?: ({ [k: string]: trims.v1.TierUsage.$Properties }|null);

                /** ListReply gpuDriver */
                gpuDriver?: (string|null);

                /** ListReply gpuReadOnly */
                gpuReadOnly?: (boolean|null);

                /** ListReply next */
                next?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ListReply. */
            type $Shape = trims.v1.ListReply.$Properties;
        }

        /**
         * Properties of a Stats.
         * @deprecated Use trims.v1.Stats.$Properties instead.
         */
        interface IStats extends trims.v1.Stats.$Properties {
        }

        /** Represents a Stats. */
        class Stats {

            /**
             * Constructs a new Stats.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Stats.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new Stats instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Stats instance
             */
            static create(properties: trims.v1.Stats.$Shape): trims.v1.Stats & trims.v1.Stats.$Shape;
            static create(properties?: trims.v1.Stats.$Properties): trims.v1.Stats;

            /**
             * Encodes the specified Stats message. Does not implicitly {@link trims.v1.Stats.verify|verify} messages.
             * @param message Stats message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Stats.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Stats message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Stats & trims.v1.Stats.$Shape} Stats
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Stats & trims.v1.Stats.$Shape;
        }

        namespace Stats {

            /** Properties of a Stats. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Stats. */
            type $Shape = trims.v1.Stats.$Properties;
        }

        /**
         * Properties of a StatsReply.
         * @deprecated Use trims.v1.StatsReply.$Properties instead.
         */
        interface IStatsReply extends trims.v1.StatsReply.$Properties {
        }

        /** Represents a StatsReply. */
        class StatsReply {

            /**
             * Constructs a new StatsReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.StatsReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** StatsReply connections. */
            connections: number;

            /** StatsReply references. */
            references: number;

            /** StatsReply opens. */
            opens: number;

            /** StatsReply hits. */
            hits: number;

            /** StatsReply misses. */
            misses: number;

            /** StatsReply fetches. */
            fetches: number;

            /** StatsReply conversions. */
            conversions: number;

            /** StatsReply evictions. */
            evictions: number;

            /** StatsReply errors. */
            errors: number;

            /** StatsReply privateLoads. */
            privateLoads: number;

            /**
             * Creates a new StatsReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns StatsReply instance
             */
            static create(properties: trims.v1.StatsReply.$Shape): trims.v1.StatsReply & trims.v1.StatsReply.$Shape;
            static create(properties?: trims.v1.StatsReply.$Properties): trims.v1.StatsReply;

            /**
             * Encodes the specified StatsReply message. Does not implicitly {@link trims.v1.StatsReply.verify|verify} messages.
             * @param message StatsReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.StatsReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a StatsReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.StatsReply & trims.v1.StatsReply.$Shape} StatsReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.StatsReply & trims.v1.StatsReply.$Shape;
        }

        namespace StatsReply {

            /** Properties of a StatsReply. */
            interface $Properties {

                /** StatsReply connections */
                connections?: (number|null);

                /** StatsReply references */
                references?: (number|null);

                /** StatsReply opens */
                opens?: (number|null);

                /** StatsReply hits */
                hits?: (number|null);

                /** StatsReply misses */
                misses?: (number|null);

                /** StatsReply fetches */
                fetches?: (number|null);

                /** StatsReply conversions */
                conversions?: (number|null);

                /** StatsReply evictions */
                evictions?: (number|null);

                /** StatsReply errors */
                errors?: (number|null);

                /** StatsReply privateLoads */
                privateLoads?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a StatsReply. */
            type $Shape = trims.v1.StatsReply.$Properties;
        }

        /**
         * Properties of a Health.
         * @deprecated Use trims.v1.Health.$Properties instead.
         */
        interface IHealth extends trims.v1.Health.$Properties {
        }

        /** Represents a Health. */
        class Health {

            /**
             * Constructs a new Health.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Health.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new Health instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Health instance
             */
            static create(properties: trims.v1.Health.$Shape): trims.v1.Health & trims.v1.Health.$Shape;
            static create(properties?: trims.v1.Health.$Properties): trims.v1.Health;

            /**
             * Encodes the specified Health message. Does not implicitly {@link trims.v1.Health.verify|verify} messages.
             * @param message Health message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Health.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Health message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Health & trims.v1.Health.$Shape} Health
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Health & trims.v1.Health.$Shape;
        }

        namespace Health {

            /** Properties of a Health. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Health. */
            type $Shape = trims.v1.Health.$Properties;
        }

        /**
         * Properties of a HealthReply.
         * @deprecated Use trims.v1.HealthReply.$Properties instead.
         */
        interface IHealthReply extends trims.v1.HealthReply.$Properties {
        }

        /** Represents a HealthReply. */
        class HealthReply {

            /**
             * Constructs a new HealthReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.HealthReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** HealthReply version. */
            version: string;

            /** HealthReply pid. */
            pid: number;

            /** HealthReply uptimeMs. */
            uptimeMs: number;

            /** HealthReply gpu. */
            gpu: boolean;

            /**
             * Creates a new HealthReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns HealthReply instance
             */
            static create(properties: trims.v1.HealthReply.$Shape): trims.v1.HealthReply & trims.v1.HealthReply.$Shape;
            static create(properties?: trims.v1.HealthReply.$Properties): trims.v1.HealthReply;

            /**
             * Encodes the specified HealthReply message. Does not implicitly {@link trims.v1.HealthReply.verify|verify} messages.
             * @param message HealthReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.HealthReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a HealthReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.HealthReply & trims.v1.HealthReply.$Shape} HealthReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.HealthReply & trims.v1.HealthReply.$Shape;
        }

        namespace HealthReply {

            /** Properties of a HealthReply. */
            interface $Properties {

                /** HealthReply version */
                version?: (string|null);

                /** HealthReply pid */
                pid?: (number|null);

                /** HealthReply uptimeMs */
                uptimeMs?: (number|null);

                /** HealthReply gpu */
                gpu?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a HealthReply. */
            type $Shape = trims.v1.HealthReply.$Properties;
        }

        /**
         * Properties of a Request.
         * @deprecated Use trims.v1.Request.$Properties instead.
         */
        interface IRequest extends trims.v1.Request.$Properties {
        }

        /** Represents a Request. */
        class Request {

            /**
             * Constructs a new Request.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Request.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Request id. */
            id: number;

            /** Request hello. */
            hello?: (trims.v1.Hello.$Properties|null);

            /** Request open. */
            open?: (trims.v1.Open.$Properties|null);

            /** Request close. */
            close?: (trims.v1.Close.$Properties|null);

            /** Request preload. */
            preload?: (trims.v1.Preload.$Properties|null);

            /** Request evict. */
            evict?: (trims.v1.Evict.$Properties|null);

            /** Request list. */
            list?: (trims.v1.List.$Properties|null);

            /** Request stats. */
            stats?: (trims.v1.Stats.$Properties|null);

            /** Request health. */
            health?: (trims.v1.Health.$Properties|null);

            /** Request moreFiles. */
            moreFiles?: (trims.v1.MoreFiles.$Properties|null);

            /** Request body. */
            body?: ("hello"|"open"|"close"|"preload"|"evict"|"list"|"stats"|"health"|"moreFiles");

            /**
             * Creates a new Request instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Request instance
             */
            static create(properties: trims.v1.Request.$Shape): trims.v1.Request & trims.v1.Request.$Shape;
            static create(properties?: trims.v1.Request.$Properties): trims.v1.Request;

            /**
             * Encodes the specified Request message. Does not implicitly {@link trims.v1.Request.verify|verify} messages.
             * @param message Request message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Request.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Request message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Request & trims.v1.Request.$Shape} Request
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Request & trims.v1.Request.$Shape;
        }

        namespace Request {

            /** Properties of a Request. */
            interface $Properties {

                /** Request id */
                id?: (number|null);

                /** Request hello */
                hello?: (trims.v1.Hello.$Properties|null);

                /** Request open */
                open?: (trims.v1.Open.$Properties|null);

                /** Request close */
                close?: (trims.v1.Close.$Properties|null);

                /** Request preload */
                preload?: (trims.v1.Preload.$Properties|null);

                /** Request evict */
                evict?: (trims.v1.Evict.$Properties|null);

                /** Request list */
                list?: (trims.v1.List.$Properties|null);

                /** Request stats */
                stats?: (trims.v1.Stats.$Properties|null);

                /** Request health */
                health?: (trims.v1.Health.$Properties|null);

                /** Request moreFiles */
                moreFiles?: (trims.v1.MoreFiles.$Properties|null);

                /** Request body */
                body?: ("hello"|"open"|"close"|"preload"|"evict"|"list"|"stats"|"health"|"moreFiles");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a Request. */
            type $Shape = {
              id?: number|null;
              hello?: trims.v1.Hello.$Shape|null;
              open?: trims.v1.Open.$Shape|null;
              close?: trims.v1.Close.$Shape|null;
              preload?: trims.v1.Preload.$Shape|null;
              evict?: trims.v1.Evict.$Shape|null;
              list?: trims.v1.List.$Shape|null;
              stats?: trims.v1.Stats.$Shape|null;
              health?: trims.v1.Health.$Shape|null;
              moreFiles?: trims.v1.MoreFiles.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "hello"; hello: trims.v1.Hello.$Shape; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "open"; hello?: null; open: trims.v1.Open.$Shape; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "close"; hello?: null; open?: null; close: trims.v1.Close.$Shape; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "preload"; hello?: null; open?: null; close?: null; preload: trims.v1.Preload.$Shape; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "evict"; hello?: null; open?: null; close?: null; preload?: null; evict: trims.v1.Evict.$Shape; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "list"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list: trims.v1.List.$Shape; stats?: null; health?: null; moreFiles?: null }|{ body?: "stats"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats: trims.v1.Stats.$Shape; health?: null; moreFiles?: null }|{ body?: "health"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health: trims.v1.Health.$Shape; moreFiles?: null }|{ body?: "moreFiles"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles: trims.v1.MoreFiles.$Shape })
            );
        }

        /**
         * Properties of a MoreFiles.
         * @deprecated Use trims.v1.MoreFiles.$Properties instead.
         */
        interface IMoreFiles extends trims.v1.MoreFiles.$Properties {
        }

        /** Represents a MoreFiles. */
        class MoreFiles {

            /**
             * Constructs a new MoreFiles.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.MoreFiles.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new MoreFiles instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MoreFiles instance
             */
            static create(properties: trims.v1.MoreFiles.$Shape): trims.v1.MoreFiles & trims.v1.MoreFiles.$Shape;
            static create(properties?: trims.v1.MoreFiles.$Properties): trims.v1.MoreFiles;

            /**
             * Encodes the specified MoreFiles message. Does not implicitly {@link trims.v1.MoreFiles.verify|verify} messages.
             * @param message MoreFiles message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.MoreFiles.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MoreFiles message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.MoreFiles & trims.v1.MoreFiles.$Shape} MoreFiles
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.MoreFiles & trims.v1.MoreFiles.$Shape;
        }

        namespace MoreFiles {

            /** Properties of a MoreFiles. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MoreFiles. */
            type $Shape = trims.v1.MoreFiles.$Properties;
        }

        /**
         * Properties of a Reply.
         * @deprecated Use trims.v1.Reply.$Properties instead.
         */
        interface IReply extends trims.v1.Reply.$Properties {
        }

        /** Represents a Reply. */
        class Reply {

            /**
             * Constructs a new Reply.
             * @param [properties] Properties to set
             */
            constructor(properties?: trims.v1.Reply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Reply id. */
            id: number;

            /** Reply error. */
            error?: (trims.v1.Error.$Properties|null);

            /** Reply hello. */
            hello?: (trims.v1.HelloReply.$Properties|null);

            /** Reply open. */
            open?: (trims.v1.OpenReply.$Properties|null);

            /** Reply close. */
            close?: (trims.v1.CloseReply.$Properties|null);

            /** Reply preload. */
            preload?: (trims.v1.PreloadReply.$Properties|null);

            /** Reply evict. */
            evict?: (trims.v1.EvictReply.$Properties|null);

            /** Reply list. */
            list?: (trims.v1.ListReply.$Properties|null);

            /** Reply stats. */
            stats?: (trims.v1.StatsReply.$Properties|null);

            /** Reply health. */
            health?: (trims.v1.HealthReply.$Properties|null);

            /** Reply body. */
            body?: ("hello"|"open"|"close"|"preload"|"evict"|"list"|"stats"|"health");

            /**
             * Creates a new Reply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Reply instance
             */
            static create(properties: trims.v1.Reply.$Shape): trims.v1.Reply & trims.v1.Reply.$Shape;
            static create(properties?: trims.v1.Reply.$Properties): trims.v1.Reply;

            /**
             * Encodes the specified Reply message. Does not implicitly {@link trims.v1.Reply.verify|verify} messages.
             * @param message Reply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: trims.v1.Reply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Reply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {trims.v1.Reply & trims.v1.Reply.$Shape} Reply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): trims.v1.Reply & trims.v1.Reply.$Shape;
        }

        namespace Reply {

            /** Properties of a Reply. */
            interface $Properties {

                /** Reply id */
                id?: (number|null);

                /** Reply error */
                error?: (trims.v1.Error.$Properties|null);

                /** Reply hello */
                hello?: (trims.v1.HelloReply.$Properties|null);

                /** Reply open */
                open?: (trims.v1.OpenReply.$Properties|null);

                /** Reply close */
                close?: (trims.v1.CloseReply.$Properties|null);

                /** Reply preload */
                preload?: (trims.v1.PreloadReply.$Properties|null);

                /** Reply evict */
                evict?: (trims.v1.EvictReply.$Properties|null);

                /** Reply list */
                list?: (trims.v1.ListReply.$Properties|null);

                /** Reply stats */
                stats?: (trims.v1.StatsReply.$Properties|null);

                /** Reply health */
                health?: (trims.v1.HealthReply.$Properties|null);

                /** Reply body */
                body?: ("hello"|"open"|"close"|"preload"|"evict"|"list"|"stats"|"health");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a Reply. */
            type $Shape = {
              id?: number|null;
              error?: trims.v1.Error.$Shape|null;
              hello?: trims.v1.HelloReply.$Shape|null;
              open?: trims.v1.OpenReply.$Shape|null;
              close?: trims.v1.CloseReply.$Shape|null;
              preload?: trims.v1.PreloadReply.$Shape|null;
              evict?: trims.v1.EvictReply.$Shape|null;
              list?: trims.v1.ListReply.$Shape|null;
              stats?: trims.v1.StatsReply.$Shape|null;
              health?: trims.v1.HealthReply.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "hello"; hello: trims.v1.HelloReply.$Shape; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "open"; hello?: null; open: trims.v1.OpenReply.$Shape; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "close"; hello?: null; open?: null; close: trims.v1.CloseReply.$Shape; preload?: null; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "preload"; hello?: null; open?: null; close?: null; preload: trims.v1.PreloadReply.$Shape; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "evict"; hello?: null; open?: null; close?: null; preload?: null; evict: trims.v1.EvictReply.$Shape; list?: null; stats?: null; health?: null }|{ body?: "list"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list: trims.v1.ListReply.$Shape; stats?: null; health?: null }|{ body?: "stats"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats: trims.v1.StatsReply.$Shape; health?: null }|{ body?: "health"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health: trims.v1.HealthReply.$Shape })
            );
        }
    }
}
