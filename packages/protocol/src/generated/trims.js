/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
"use strict";

var $protobuf = require("protobufjs/minimal");

// Common aliases
var $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
var $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
var $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

$root.trims = (function() {

    /**
     * Namespace trims.
     * @exports trims
     * @namespace
     */
    var trims = {};

    trims.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof trims
         * @namespace
         */
        var v1 = {};

        /**
         * ErrorCode enum.
         * @name trims.v1.ErrorCode
         * @enum {number}
         * @property {number} OK=0 OK value
         * @property {number} BAD_REQUEST=1 BAD_REQUEST value
         * @property {number} VERSION_MISMATCH=2 VERSION_MISMATCH value
         * @property {number} NOT_FOUND=3 NOT_FOUND value
         * @property {number} FETCH_FAILED=4 FETCH_FAILED value
         * @property {number} CORRUPT_MODEL=5 CORRUPT_MODEL value
         * @property {number} ACCESS_DENIED=6 ACCESS_DENIED value
         * @property {number} LOAD_PRIVATELY=7 LOAD_PRIVATELY value
         * @property {number} QUOTA_EXCEEDED=8 QUOTA_EXCEEDED value
         * @property {number} UNKNOWN_HANDLE=9 UNKNOWN_HANDLE value
         * @property {number} FRAME_TOO_LARGE=10 FRAME_TOO_LARGE value
         * @property {number} UNAVAILABLE=11 UNAVAILABLE value
         * @property {number} SHUTTING_DOWN=12 SHUTTING_DOWN value
         * @property {number} INTERNAL=13 INTERNAL value
         * @property {number} UNTRUSTED_DAEMON=14 UNTRUSTED_DAEMON value
         */
        v1.ErrorCode = (function() {
            var valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "OK"] = 0;
            values[valuesById[1] = "BAD_REQUEST"] = 1;
            values[valuesById[2] = "VERSION_MISMATCH"] = 2;
            values[valuesById[3] = "NOT_FOUND"] = 3;
            values[valuesById[4] = "FETCH_FAILED"] = 4;
            values[valuesById[5] = "CORRUPT_MODEL"] = 5;
            values[valuesById[6] = "ACCESS_DENIED"] = 6;
            values[valuesById[7] = "LOAD_PRIVATELY"] = 7;
            values[valuesById[8] = "QUOTA_EXCEEDED"] = 8;
            values[valuesById[9] = "UNKNOWN_HANDLE"] = 9;
            values[valuesById[10] = "FRAME_TOO_LARGE"] = 10;
            values[valuesById[11] = "UNAVAILABLE"] = 11;
            values[valuesById[12] = "SHUTTING_DOWN"] = 12;
            values[valuesById[13] = "INTERNAL"] = 13;
            values[valuesById[14] = "UNTRUSTED_DAEMON"] = 14;
            return values;
        })();

        v1.Error = (function() {

            /**
             * Properties of an Error.
             * @typedef {Object} trims.v1.Error.$Properties
             * @property {trims.v1.ErrorCode|null} [code] Error code
             * @property {string|null} [message] Error message
             * @property {string|null} [model] Error model
             * @property {string|null} [tier] Error tier
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Error.
             * @memberof trims.v1
             * @interface IError
             * @augments trims.v1.Error.$Properties
             * @deprecated Use trims.v1.Error.$Properties instead.
             */

            /**
             * Shape of an Error.
             * @typedef {trims.v1.Error.$Properties} trims.v1.Error.$Shape
             */

            /**
             * Constructs a new Error.
             * @memberof trims.v1
             * @classdesc Represents an Error.
             * @constructor
             * @param {trims.v1.Error.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Error = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Error code.
             * @member {trims.v1.ErrorCode} code
             * @memberof trims.v1.Error
             * @instance
             */
            Error.prototype.code = 0;

            /**
             * Error message.
             * @member {string} message
             * @memberof trims.v1.Error
             * @instance
             */
            Error.prototype.message = "";

            /**
             * Error model.
             * @member {string} model
             * @memberof trims.v1.Error
             * @instance
             */
            Error.prototype.model = "";

            /**
             * Error tier.
             * @member {string} tier
             * @memberof trims.v1.Error
             * @instance
             */
            Error.prototype.tier = "";

            /**
             * Creates a new Error instance using the specified properties.
             * @function create
             * @memberof trims.v1.Error
             * @static
             * @param {trims.v1.Error.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Error} Error instance
             * @type {{
             *   (properties: trims.v1.Error.$Shape): trims.v1.Error & trims.v1.Error.$Shape;
             *   (properties?: trims.v1.Error.$Properties): trims.v1.Error;
             * }}
             */
            Error.create = function(properties) {
                return new Error(properties);
            };

            /**
             * Encodes the specified Error message. Does not implicitly {@link trims.v1.Error.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Error
             * @static
             * @param {trims.v1.Error.$Properties} message Error message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Error.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.code);
                if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.model);
                if (message.tier != null && $Object.hasOwnProperty.call(message, "tier") && message.tier !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.tier);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Error
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Error & trims.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Error.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Error();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.code = value;
                            else
                                delete message.code;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.message = value;
                            else
                                delete message.message;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.model = value;
                            else
                                delete message.model;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.tier = value;
                            else
                                delete message.tier;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Error;
        })();

        /**
         * Tier enum.
         * @name trims.v1.Tier
         * @enum {number}
         * @property {number} TIER_UNSPECIFIED=0 TIER_UNSPECIFIED value
         * @property {number} GPU=1 GPU value
         * @property {number} HOST=2 HOST value
         * @property {number} DISK=3 DISK value
         * @property {number} REMOTE=4 REMOTE value
         */
        v1.Tier = (function() {
            var valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "TIER_UNSPECIFIED"] = 0;
            values[valuesById[1] = "GPU"] = 1;
            values[valuesById[2] = "HOST"] = 2;
            values[valuesById[3] = "DISK"] = 3;
            values[valuesById[4] = "REMOTE"] = 4;
            return values;
        })();

        v1.LoadOptions = (function() {

            /**
             * Properties of a LoadOptions.
             * @typedef {Object} trims.v1.LoadOptions.$Properties
             * @property {Object.<string,string>|null} [headers] LoadOptions headers
             * @property {string|null} [weightPathPrefix] LoadOptions weightPathPrefix
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a LoadOptions.
             * @memberof trims.v1
             * @interface ILoadOptions
             * @augments trims.v1.LoadOptions.$Properties
             * @deprecated Use trims.v1.LoadOptions.$Properties instead.
             */

            /**
             * Shape of a LoadOptions.
             * @typedef {trims.v1.LoadOptions.$Properties} trims.v1.LoadOptions.$Shape
             */

            /**
             * Constructs a new LoadOptions.
             * @memberof trims.v1
             * @classdesc Represents a LoadOptions.
             * @constructor
             * @param {trims.v1.LoadOptions.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var LoadOptions = function (properties) {
                this.headers = {};
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * LoadOptions headers.
             * @member {Object.<string,string>} headers
             * @memberof trims.v1.LoadOptions
             * @instance
             */
            LoadOptions.prototype.headers = $util.emptyObject;

            /**
             * LoadOptions weightPathPrefix.
             * @member {string} weightPathPrefix
             * @memberof trims.v1.LoadOptions
             * @instance
             */
            LoadOptions.prototype.weightPathPrefix = "";

            /**
             * Creates a new LoadOptions instance using the specified properties.
             * @function create
             * @memberof trims.v1.LoadOptions
             * @static
             * @param {trims.v1.LoadOptions.$Properties=} [properties] Properties to set
             * @returns {trims.v1.LoadOptions} LoadOptions instance
             * @type {{
             *   (properties: trims.v1.LoadOptions.$Shape): trims.v1.LoadOptions & trims.v1.LoadOptions.$Shape;
             *   (properties?: trims.v1.LoadOptions.$Properties): trims.v1.LoadOptions;
             * }}
             */
            LoadOptions.create = function(properties) {
                return new LoadOptions(properties);
            };

            /**
             * Encodes the specified LoadOptions message. Does not implicitly {@link trims.v1.LoadOptions.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.LoadOptions
             * @static
             * @param {trims.v1.LoadOptions.$Properties} message LoadOptions message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LoadOptions.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.headers != null && $Object.hasOwnProperty.call(message, "headers"))
                    for (var keys = $Object.keys(message.headers), i = 0; i < keys.length; ++i)
                        writer.uint32(/* id 1, wireType 2 =*/10).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.headers[keys[i]]).ldelim();
                if (message.weightPathPrefix != null && $Object.hasOwnProperty.call(message, "weightPathPrefix") && message.weightPathPrefix !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.weightPathPrefix);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a LoadOptions message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.LoadOptions
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.LoadOptions & trims.v1.LoadOptions.$Shape} LoadOptions
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LoadOptions.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, key, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.LoadOptions();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (message.headers === $util.emptyObject)
                                message.headers = {};
                            var end2 = reader.size() + reader.pos;
                            if (end2 > reader.len)
                                throw $RangeError("index out of range");
                            reader.len = end2;
                            key = "";
                            value = "";
                            while (reader.pos < end2) {
                                var tag2 = reader.tag();
                                wireType = tag2 & 7;
                                switch (tag2 >>>= 3) {
                                case 1:
                                    if (wireType !== 2)
                                        break;
                                    key = reader.stringVerify();
                                    continue;
                                case 2:
                                    if (wireType !== 2)
                                        break;
                                    value = reader.stringVerify();
                                    continue;
                                }
                                reader.skipType(wireType, _depth, tag2);
                            }
                            if (reader.pos !== end2)
                                throw $RangeError("index out of range");
                            reader.len = end;
                            if (key === "__proto__")
                                $util.makeProp(message.headers, key);
                            message.headers[key] = value;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.weightPathPrefix = value;
                            else
                                delete message.weightPathPrefix;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return LoadOptions;
        })();

        v1.Hello = (function() {

            /**
             * Properties of a Hello.
             * @typedef {Object} trims.v1.Hello.$Properties
             * @property {number|null} [protocolVersion] Hello protocolVersion
             * @property {string|null} [client] Hello client
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Hello.
             * @memberof trims.v1
             * @interface IHello
             * @augments trims.v1.Hello.$Properties
             * @deprecated Use trims.v1.Hello.$Properties instead.
             */

            /**
             * Shape of a Hello.
             * @typedef {trims.v1.Hello.$Properties} trims.v1.Hello.$Shape
             */

            /**
             * Constructs a new Hello.
             * @memberof trims.v1
             * @classdesc Represents a Hello.
             * @constructor
             * @param {trims.v1.Hello.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Hello = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Hello protocolVersion.
             * @member {number} protocolVersion
             * @memberof trims.v1.Hello
             * @instance
             */
            Hello.prototype.protocolVersion = 0;

            /**
             * Hello client.
             * @member {string} client
             * @memberof trims.v1.Hello
             * @instance
             */
            Hello.prototype.client = "";

            /**
             * Creates a new Hello instance using the specified properties.
             * @function create
             * @memberof trims.v1.Hello
             * @static
             * @param {trims.v1.Hello.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Hello} Hello instance
             * @type {{
             *   (properties: trims.v1.Hello.$Shape): trims.v1.Hello & trims.v1.Hello.$Shape;
             *   (properties?: trims.v1.Hello.$Properties): trims.v1.Hello;
             * }}
             */
            Hello.create = function(properties) {
                return new Hello(properties);
            };

            /**
             * Encodes the specified Hello message. Does not implicitly {@link trims.v1.Hello.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Hello
             * @static
             * @param {trims.v1.Hello.$Properties} message Hello message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Hello.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion") && message.protocolVersion !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.protocolVersion);
                if (message.client != null && $Object.hasOwnProperty.call(message, "client") && message.client !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.client);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Hello message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Hello
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Hello & trims.v1.Hello.$Shape} Hello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Hello.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Hello();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.protocolVersion = value;
                            else
                                delete message.protocolVersion;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.client = value;
                            else
                                delete message.client;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Hello;
        })();

        v1.HelloReply = (function() {

            /**
             * Properties of a HelloReply.
             * @typedef {Object} trims.v1.HelloReply.$Properties
             * @property {number|null} [protocolVersion] HelloReply protocolVersion
             * @property {string|null} [server] HelloReply server
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a HelloReply.
             * @memberof trims.v1
             * @interface IHelloReply
             * @augments trims.v1.HelloReply.$Properties
             * @deprecated Use trims.v1.HelloReply.$Properties instead.
             */

            /**
             * Shape of a HelloReply.
             * @typedef {trims.v1.HelloReply.$Properties} trims.v1.HelloReply.$Shape
             */

            /**
             * Constructs a new HelloReply.
             * @memberof trims.v1
             * @classdesc Represents a HelloReply.
             * @constructor
             * @param {trims.v1.HelloReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var HelloReply = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * HelloReply protocolVersion.
             * @member {number} protocolVersion
             * @memberof trims.v1.HelloReply
             * @instance
             */
            HelloReply.prototype.protocolVersion = 0;

            /**
             * HelloReply server.
             * @member {string} server
             * @memberof trims.v1.HelloReply
             * @instance
             */
            HelloReply.prototype.server = "";

            /**
             * Creates a new HelloReply instance using the specified properties.
             * @function create
             * @memberof trims.v1.HelloReply
             * @static
             * @param {trims.v1.HelloReply.$Properties=} [properties] Properties to set
             * @returns {trims.v1.HelloReply} HelloReply instance
             * @type {{
             *   (properties: trims.v1.HelloReply.$Shape): trims.v1.HelloReply & trims.v1.HelloReply.$Shape;
             *   (properties?: trims.v1.HelloReply.$Properties): trims.v1.HelloReply;
             * }}
             */
            HelloReply.create = function(properties) {
                return new HelloReply(properties);
            };

            /**
             * Encodes the specified HelloReply message. Does not implicitly {@link trims.v1.HelloReply.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.HelloReply
             * @static
             * @param {trims.v1.HelloReply.$Properties} message HelloReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            HelloReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion") && message.protocolVersion !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.protocolVersion);
                if (message.server != null && $Object.hasOwnProperty.call(message, "server") && message.server !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.server);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a HelloReply message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.HelloReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.HelloReply & trims.v1.HelloReply.$Shape} HelloReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            HelloReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.HelloReply();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.protocolVersion = value;
                            else
                                delete message.protocolVersion;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.server = value;
                            else
                                delete message.server;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return HelloReply;
        })();

        v1.Open = (function() {

            /**
             * Properties of an Open.
             * @typedef {Object} trims.v1.Open.$Properties
             * @property {string|null} [url] Open url
             * @property {string|null} [device] Open device
             * @property {trims.v1.LoadOptions.$Properties|null} [options] Open options
             * @property {number|null} [attachedFiles] Open attachedFiles
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Open.
             * @memberof trims.v1
             * @interface IOpen
             * @augments trims.v1.Open.$Properties
             * @deprecated Use trims.v1.Open.$Properties instead.
             */

            /**
             * Shape of an Open.
             * @typedef {trims.v1.Open.$Properties} trims.v1.Open.$Shape
             */

            /**
             * Constructs a new Open.
             * @memberof trims.v1
             * @classdesc Represents an Open.
             * @constructor
             * @param {trims.v1.Open.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Open = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Open url.
             * @member {string} url
             * @memberof trims.v1.Open
             * @instance
             */
            Open.prototype.url = "";

            /**
             * Open device.
             * @member {string} device
             * @memberof trims.v1.Open
             * @instance
             */
            Open.prototype.device = "";

            /**
             * Open options.
             * @member {trims.v1.LoadOptions.$Properties|null|undefined} options
             * @memberof trims.v1.Open
             * @instance
             */
            Open.prototype.options = null;

            /**
             * Open attachedFiles.
             * @member {number} attachedFiles
             * @memberof trims.v1.Open
             * @instance
             */
            Open.prototype.attachedFiles = 0;

            /**
             * Creates a new Open instance using the specified properties.
             * @function create
             * @memberof trims.v1.Open
             * @static
             * @param {trims.v1.Open.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Open} Open instance
             * @type {{
             *   (properties: trims.v1.Open.$Shape): trims.v1.Open & trims.v1.Open.$Shape;
             *   (properties?: trims.v1.Open.$Properties): trims.v1.Open;
             * }}
             */
            Open.create = function(properties) {
                return new Open(properties);
            };

            /**
             * Encodes the specified Open message. Does not implicitly {@link trims.v1.Open.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Open
             * @static
             * @param {trims.v1.Open.$Properties} message Open message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Open.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.url != null && $Object.hasOwnProperty.call(message, "url") && message.url !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.url);
                if (message.device != null && $Object.hasOwnProperty.call(message, "device") && message.device !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.device);
                if (message.options != null && $Object.hasOwnProperty.call(message, "options"))
                    $root.trims.v1.LoadOptions.encode(message.options, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.attachedFiles != null && $Object.hasOwnProperty.call(message, "attachedFiles") && message.attachedFiles !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.attachedFiles);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Open message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Open
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Open & trims.v1.Open.$Shape} Open
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Open.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Open();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.url = value;
                            else
                                delete message.url;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.device = value;
                            else
                                delete message.device;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.options = $root.trims.v1.LoadOptions.decode(reader, reader.size(), $undefined, _depth + 1, message.options);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.attachedFiles = value;
                            else
                                delete message.attachedFiles;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Open;
        })();

        v1.OpenReply = (function() {

            /**
             * Properties of an OpenReply.
             * @typedef {Object} trims.v1.OpenReply.$Properties
             * @property {number|null} [handle] OpenReply handle
             * @property {string|null} [digest] OpenReply digest
             * @property {trims.v1.Tier|null} [tier] OpenReply tier
             * @property {number|null} [segmentBytes] OpenReply segmentBytes
             * @property {number|null} [gpuDevice] OpenReply gpuDevice
             * @property {number|null} [gpuAllocationBytes] OpenReply gpuAllocationBytes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an OpenReply.
             * @memberof trims.v1
             * @interface IOpenReply
             * @augments trims.v1.OpenReply.$Properties
             * @deprecated Use trims.v1.OpenReply.$Properties instead.
             */

            /**
             * Shape of an OpenReply.
             * @typedef {trims.v1.OpenReply.$Properties} trims.v1.OpenReply.$Shape
             */

            /**
             * Constructs a new OpenReply.
             * @memberof trims.v1
             * @classdesc Represents an OpenReply.
             * @constructor
             * @param {trims.v1.OpenReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var OpenReply = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * OpenReply handle.
             * @member {number} handle
             * @memberof trims.v1.OpenReply
             * @instance
             */
            OpenReply.prototype.handle = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OpenReply digest.
             * @member {string} digest
             * @memberof trims.v1.OpenReply
             * @instance
             */
            OpenReply.prototype.digest = "";

            /**
             * OpenReply tier.
             * @member {trims.v1.Tier} tier
             * @memberof trims.v1.OpenReply
             * @instance
             */
            OpenReply.prototype.tier = 0;

            /**
             * OpenReply segmentBytes.
             * @member {number} segmentBytes
             * @memberof trims.v1.OpenReply
             * @instance
             */
            OpenReply.prototype.segmentBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OpenReply gpuDevice.
             * @member {number} gpuDevice
             * @memberof trims.v1.OpenReply
             * @instance
             */
            OpenReply.prototype.gpuDevice = 0;

            /**
             * OpenReply gpuAllocationBytes.
             * @member {number} gpuAllocationBytes
             * @memberof trims.v1.OpenReply
             * @instance
             */
            OpenReply.prototype.gpuAllocationBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new OpenReply instance using the specified properties.
             * @function create
             * @memberof trims.v1.OpenReply
             * @static
             * @param {trims.v1.OpenReply.$Properties=} [properties] Properties to set
             * @returns {trims.v1.OpenReply} OpenReply instance
             * @type {{
             *   (properties: trims.v1.OpenReply.$Shape): trims.v1.OpenReply & trims.v1.OpenReply.$Shape;
             *   (properties?: trims.v1.OpenReply.$Properties): trims.v1.OpenReply;
             * }}
             */
            OpenReply.create = function(properties) {
                return new OpenReply(properties);
            };

            /**
             * Encodes the specified OpenReply message. Does not implicitly {@link trims.v1.OpenReply.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.OpenReply
             * @static
             * @param {trims.v1.OpenReply.$Properties} message OpenReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OpenReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.handle != null && $Object.hasOwnProperty.call(message, "handle") && (typeof message.handle === "object" ? message.handle.low || message.handle.high : message.handle !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.handle);
                if (message.digest != null && $Object.hasOwnProperty.call(message, "digest") && message.digest !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.digest);
                if (message.tier != null && $Object.hasOwnProperty.call(message, "tier") && message.tier !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.tier);
                if (message.segmentBytes != null && $Object.hasOwnProperty.call(message, "segmentBytes") && (typeof message.segmentBytes === "object" ? message.segmentBytes.low || message.segmentBytes.high : message.segmentBytes !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.segmentBytes);
                if (message.gpuDevice != null && $Object.hasOwnProperty.call(message, "gpuDevice") && message.gpuDevice !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.gpuDevice);
                if (message.gpuAllocationBytes != null && $Object.hasOwnProperty.call(message, "gpuAllocationBytes") && (typeof message.gpuAllocationBytes === "object" ? message.gpuAllocationBytes.low || message.gpuAllocationBytes.high : message.gpuAllocationBytes !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.gpuAllocationBytes);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an OpenReply message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.OpenReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.OpenReply & trims.v1.OpenReply.$Shape} OpenReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OpenReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.OpenReply();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.handle = value;
                            else
                                delete message.handle;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.digest = value;
                            else
                                delete message.digest;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.tier = value;
                            else
                                delete message.tier;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.segmentBytes = value;
                            else
                                delete message.segmentBytes;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.gpuDevice = value;
                            else
                                delete message.gpuDevice;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.gpuAllocationBytes = value;
                            else
                                delete message.gpuAllocationBytes;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return OpenReply;
        })();

        v1.Close = (function() {

            /**
             * Properties of a Close.
             * @typedef {Object} trims.v1.Close.$Properties
             * @property {number|null} [handle] Close handle
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Close.
             * @memberof trims.v1
             * @interface IClose
             * @augments trims.v1.Close.$Properties
             * @deprecated Use trims.v1.Close.$Properties instead.
             */

            /**
             * Shape of a Close.
             * @typedef {trims.v1.Close.$Properties} trims.v1.Close.$Shape
             */

            /**
             * Constructs a new Close.
             * @memberof trims.v1
             * @classdesc Represents a Close.
             * @constructor
             * @param {trims.v1.Close.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Close = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Close handle.
             * @member {number} handle
             * @memberof trims.v1.Close
             * @instance
             */
            Close.prototype.handle = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Close instance using the specified properties.
             * @function create
             * @memberof trims.v1.Close
             * @static
             * @param {trims.v1.Close.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Close} Close instance
             * @type {{
             *   (properties: trims.v1.Close.$Shape): trims.v1.Close & trims.v1.Close.$Shape;
             *   (properties?: trims.v1.Close.$Properties): trims.v1.Close;
             * }}
             */
            Close.create = function(properties) {
                return new Close(properties);
            };

            /**
             * Encodes the specified Close message. Does not implicitly {@link trims.v1.Close.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Close
             * @static
             * @param {trims.v1.Close.$Properties} message Close message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Close.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.handle != null && $Object.hasOwnProperty.call(message, "handle") && (typeof message.handle === "object" ? message.handle.low || message.handle.high : message.handle !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.handle);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Close message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Close
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Close & trims.v1.Close.$Shape} Close
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Close.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Close();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.handle = value;
                            else
                                delete message.handle;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Close;
        })();

        v1.CloseReply = (function() {

            /**
             * Properties of a CloseReply.
             * @typedef {Object} trims.v1.CloseReply.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CloseReply.
             * @memberof trims.v1
             * @interface ICloseReply
             * @augments trims.v1.CloseReply.$Properties
             * @deprecated Use trims.v1.CloseReply.$Properties instead.
             */

            /**
             * Shape of a CloseReply.
             * @typedef {trims.v1.CloseReply.$Properties} trims.v1.CloseReply.$Shape
             */

            /**
             * Constructs a new CloseReply.
             * @memberof trims.v1
             * @classdesc Represents a CloseReply.
             * @constructor
             * @param {trims.v1.CloseReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var CloseReply = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new CloseReply instance using the specified properties.
             * @function create
             * @memberof trims.v1.CloseReply
             * @static
             * @param {trims.v1.CloseReply.$Properties=} [properties] Properties to set
             * @returns {trims.v1.CloseReply} CloseReply instance
             * @type {{
             *   (properties: trims.v1.CloseReply.$Shape): trims.v1.CloseReply & trims.v1.CloseReply.$Shape;
             *   (properties?: trims.v1.CloseReply.$Properties): trims.v1.CloseReply;
             * }}
             */
            CloseReply.create = function(properties) {
                return new CloseReply(properties);
            };

            /**
             * Encodes the specified CloseReply message. Does not implicitly {@link trims.v1.CloseReply.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.CloseReply
             * @static
             * @param {trims.v1.CloseReply.$Properties} message CloseReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CloseReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CloseReply message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.CloseReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.CloseReply & trims.v1.CloseReply.$Shape} CloseReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CloseReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.CloseReply();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return CloseReply;
        })();

        v1.Preload = (function() {

            /**
             * Properties of a Preload.
             * @typedef {Object} trims.v1.Preload.$Properties
             * @property {string|null} [url] Preload url
             * @property {trims.v1.Tier|null} [tier] Preload tier
             * @property {boolean|null} [pin] Preload pin
             * @property {trims.v1.LoadOptions.$Properties|null} [options] Preload options
             * @property {number|null} [attachedFiles] Preload attachedFiles
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Preload.
             * @memberof trims.v1
             * @interface IPreload
             * @augments trims.v1.Preload.$Properties
             * @deprecated Use trims.v1.Preload.$Properties instead.
             */

            /**
             * Shape of a Preload.
             * @typedef {trims.v1.Preload.$Properties} trims.v1.Preload.$Shape
             */

            /**
             * Constructs a new Preload.
             * @memberof trims.v1
             * @classdesc Represents a Preload.
             * @constructor
             * @param {trims.v1.Preload.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Preload = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Preload url.
             * @member {string} url
             * @memberof trims.v1.Preload
             * @instance
             */
            Preload.prototype.url = "";

            /**
             * Preload tier.
             * @member {trims.v1.Tier} tier
             * @memberof trims.v1.Preload
             * @instance
             */
            Preload.prototype.tier = 0;

            /**
             * Preload pin.
             * @member {boolean} pin
             * @memberof trims.v1.Preload
             * @instance
             */
            Preload.prototype.pin = false;

            /**
             * Preload options.
             * @member {trims.v1.LoadOptions.$Properties|null|undefined} options
             * @memberof trims.v1.Preload
             * @instance
             */
            Preload.prototype.options = null;

            /**
             * Preload attachedFiles.
             * @member {number} attachedFiles
             * @memberof trims.v1.Preload
             * @instance
             */
            Preload.prototype.attachedFiles = 0;

            /**
             * Creates a new Preload instance using the specified properties.
             * @function create
             * @memberof trims.v1.Preload
             * @static
             * @param {trims.v1.Preload.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Preload} Preload instance
             * @type {{
             *   (properties: trims.v1.Preload.$Shape): trims.v1.Preload & trims.v1.Preload.$Shape;
             *   (properties?: trims.v1.Preload.$Properties): trims.v1.Preload;
             * }}
             */
            Preload.create = function(properties) {
                return new Preload(properties);
            };

            /**
             * Encodes the specified Preload message. Does not implicitly {@link trims.v1.Preload.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Preload
             * @static
             * @param {trims.v1.Preload.$Properties} message Preload message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Preload.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.url != null && $Object.hasOwnProperty.call(message, "url") && message.url !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.url);
                if (message.tier != null && $Object.hasOwnProperty.call(message, "tier") && message.tier !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.tier);
                if (message.pin != null && $Object.hasOwnProperty.call(message, "pin") && message.pin !== false)
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.pin);
                if (message.options != null && $Object.hasOwnProperty.call(message, "options"))
                    $root.trims.v1.LoadOptions.encode(message.options, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.attachedFiles != null && $Object.hasOwnProperty.call(message, "attachedFiles") && message.attachedFiles !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.attachedFiles);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Preload message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Preload
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Preload & trims.v1.Preload.$Shape} Preload
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Preload.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Preload();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.url = value;
                            else
                                delete message.url;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.tier = value;
                            else
                                delete message.tier;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.pin = value;
                            else
                                delete message.pin;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.options = $root.trims.v1.LoadOptions.decode(reader, reader.size(), $undefined, _depth + 1, message.options);
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.attachedFiles = value;
                            else
                                delete message.attachedFiles;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Preload;
        })();

        v1.PreloadReply = (function() {

            /**
             * Properties of a PreloadReply.
             * @typedef {Object} trims.v1.PreloadReply.$Properties
             * @property {string|null} [digest] PreloadReply digest
             * @property {trims.v1.Tier|null} [tier] PreloadReply tier
             * @property {number|null} [bytes] PreloadReply bytes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PreloadReply.
             * @memberof trims.v1
             * @interface IPreloadReply
             * @augments trims.v1.PreloadReply.$Properties
             * @deprecated Use trims.v1.PreloadReply.$Properties instead.
             */

            /**
             * Shape of a PreloadReply.
             * @typedef {trims.v1.PreloadReply.$Properties} trims.v1.PreloadReply.$Shape
             */

            /**
             * Constructs a new PreloadReply.
             * @memberof trims.v1
             * @classdesc Represents a PreloadReply.
             * @constructor
             * @param {trims.v1.PreloadReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var PreloadReply = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PreloadReply digest.
             * @member {string} digest
             * @memberof trims.v1.PreloadReply
             * @instance
             */
            PreloadReply.prototype.digest = "";

            /**
             * PreloadReply tier.
             * @member {trims.v1.Tier} tier
             * @memberof trims.v1.PreloadReply
             * @instance
             */
            PreloadReply.prototype.tier = 0;

            /**
             * PreloadReply bytes.
             * @member {number} bytes
             * @memberof trims.v1.PreloadReply
             * @instance
             */
            PreloadReply.prototype.bytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new PreloadReply instance using the specified properties.
             * @function create
             * @memberof trims.v1.PreloadReply
             * @static
             * @param {trims.v1.PreloadReply.$Properties=} [properties] Properties to set
             * @returns {trims.v1.PreloadReply} PreloadReply instance
             * @type {{
             *   (properties: trims.v1.PreloadReply.$Shape): trims.v1.PreloadReply & trims.v1.PreloadReply.$Shape;
             *   (properties?: trims.v1.PreloadReply.$Properties): trims.v1.PreloadReply;
             * }}
             */
            PreloadReply.create = function(properties) {
                return new PreloadReply(properties);
            };

            /**
             * Encodes the specified PreloadReply message. Does not implicitly {@link trims.v1.PreloadReply.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.PreloadReply
             * @static
             * @param {trims.v1.PreloadReply.$Properties} message PreloadReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PreloadReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.digest != null && $Object.hasOwnProperty.call(message, "digest") && message.digest !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.digest);
                if (message.tier != null && $Object.hasOwnProperty.call(message, "tier") && message.tier !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.tier);
                if (message.bytes != null && $Object.hasOwnProperty.call(message, "bytes") && (typeof message.bytes === "object" ? message.bytes.low || message.bytes.high : message.bytes !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.bytes);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a PreloadReply message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.PreloadReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.PreloadReply & trims.v1.PreloadReply.$Shape} PreloadReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PreloadReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.PreloadReply();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.digest = value;
                            else
                                delete message.digest;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.tier = value;
                            else
                                delete message.tier;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.bytes = value;
                            else
                                delete message.bytes;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return PreloadReply;
        })();

        v1.Evict = (function() {

            /**
             * Properties of an Evict.
             * @typedef {Object} trims.v1.Evict.$Properties
             * @property {string|null} [url] Evict url
             * @property {string|null} [digest] Evict digest
             * @property {boolean|null} [all] Evict all
             * @property {trims.v1.Tier|null} [tier] Evict tier
             * @property {"url"|"digest"|"all"} [target] Evict target
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Evict.
             * @memberof trims.v1
             * @interface IEvict
             * @augments trims.v1.Evict.$Properties
             * @deprecated Use trims.v1.Evict.$Properties instead.
             */

            /**
             * Narrowed shape of an Evict.
             * @typedef {{
             *   url?: string|null;
             *   digest?: string|null;
             *   all?: boolean|null;
             *   tier?: trims.v1.Tier|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ target?: undefined; url?: null; digest?: null; all?: null }|{ target?: "url"; url: string; digest?: null; all?: null }|{ target?: "digest"; url?: null; digest: string; all?: null }|{ target?: "all"; url?: null; digest?: null; all: boolean })
             * )} trims.v1.Evict.$Shape
             */

            /**
             * Constructs a new Evict.
             * @memberof trims.v1
             * @classdesc Represents an Evict.
             * @constructor
             * @param {trims.v1.Evict.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Evict = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Evict url.
             * @member {string|null|undefined} url
             * @memberof trims.v1.Evict
             * @instance
             */
            Evict.prototype.url = null;

            /**
             * Evict digest.
             * @member {string|null|undefined} digest
             * @memberof trims.v1.Evict
             * @instance
             */
            Evict.prototype.digest = null;

            /**
             * Evict all.
             * @member {boolean|null|undefined} all
             * @memberof trims.v1.Evict
             * @instance
             */
            Evict.prototype.all = null;

            /**
             * Evict tier.
             * @member {trims.v1.Tier} tier
             * @memberof trims.v1.Evict
             * @instance
             */
            Evict.prototype.tier = 0;

            // OneOf field names bound to virtual getters and setters
            var $oneOfFields;

            /**
             * Evict target.
             * @member {"url"|"digest"|"all"|undefined} target
             * @memberof trims.v1.Evict
             * @instance
             */
            $Object.defineProperty(Evict.prototype, "target", {
                get: $util.oneOfGetter($oneOfFields = ["url", "digest", "all"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Evict instance using the specified properties.
             * @function create
             * @memberof trims.v1.Evict
             * @static
             * @param {trims.v1.Evict.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Evict} Evict instance
             * @type {{
             *   (properties: trims.v1.Evict.$Shape): trims.v1.Evict & trims.v1.Evict.$Shape;
             *   (properties?: trims.v1.Evict.$Properties): trims.v1.Evict;
             * }}
             */
            Evict.create = function(properties) {
                return new Evict(properties);
            };

            /**
             * Encodes the specified Evict message. Does not implicitly {@link trims.v1.Evict.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Evict
             * @static
             * @param {trims.v1.Evict.$Properties} message Evict message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Evict.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.url != null && $Object.hasOwnProperty.call(message, "url"))
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.url);
                if (message.digest != null && $Object.hasOwnProperty.call(message, "digest"))
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.digest);
                if (message.all != null && $Object.hasOwnProperty.call(message, "all"))
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.all);
                if (message.tier != null && $Object.hasOwnProperty.call(message, "tier") && message.tier !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.tier);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Evict message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Evict
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Evict & trims.v1.Evict.$Shape} Evict
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Evict.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Evict();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.url = reader.stringVerify();
                            message.target = "url";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.digest = reader.stringVerify();
                            message.target = "digest";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.all = reader.bool();
                            message.target = "all";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.tier = value;
                            else
                                delete message.tier;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Evict;
        })();

        v1.EvictReply = (function() {

            /**
             * Properties of an EvictReply.
             * @typedef {Object} trims.v1.EvictReply.$Properties
             * @property {Array.<string>|null} [evicted] EvictReply evicted
             * @property {Array.<string>|null} [kept] EvictReply kept
             * @property {number|null} [evictedCount] EvictReply evictedCount
             * @property {number|null} [keptCount] EvictReply keptCount
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an EvictReply.
             * @memberof trims.v1
             * @interface IEvictReply
             * @augments trims.v1.EvictReply.$Properties
             * @deprecated Use trims.v1.EvictReply.$Properties instead.
             */

            /**
             * Shape of an EvictReply.
             * @typedef {trims.v1.EvictReply.$Properties} trims.v1.EvictReply.$Shape
             */

            /**
             * Constructs a new EvictReply.
             * @memberof trims.v1
             * @classdesc Represents an EvictReply.
             * @constructor
             * @param {trims.v1.EvictReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var EvictReply = function (properties) {
                this.evicted = [];
                this.kept = [];
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * EvictReply evicted.
             * @member {Array.<string>} evicted
             * @memberof trims.v1.EvictReply
             * @instance
             */
            EvictReply.prototype.evicted = $util.emptyArray;

            /**
             * EvictReply kept.
             * @member {Array.<string>} kept
             * @memberof trims.v1.EvictReply
             * @instance
             */
            EvictReply.prototype.kept = $util.emptyArray;

            /**
             * EvictReply evictedCount.
             * @member {number} evictedCount
             * @memberof trims.v1.EvictReply
             * @instance
             */
            EvictReply.prototype.evictedCount = 0;

            /**
             * EvictReply keptCount.
             * @member {number} keptCount
             * @memberof trims.v1.EvictReply
             * @instance
             */
            EvictReply.prototype.keptCount = 0;

            /**
             * Creates a new EvictReply instance using the specified properties.
             * @function create
             * @memberof trims.v1.EvictReply
             * @static
             * @param {trims.v1.EvictReply.$Properties=} [properties] Properties to set
             * @returns {trims.v1.EvictReply} EvictReply instance
             * @type {{
             *   (properties: trims.v1.EvictReply.$Shape): trims.v1.EvictReply & trims.v1.EvictReply.$Shape;
             *   (properties?: trims.v1.EvictReply.$Properties): trims.v1.EvictReply;
             * }}
             */
            EvictReply.create = function(properties) {
                return new EvictReply(properties);
            };

            /**
             * Encodes the specified EvictReply message. Does not implicitly {@link trims.v1.EvictReply.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.EvictReply
             * @static
             * @param {trims.v1.EvictReply.$Properties} message EvictReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            EvictReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.evicted != null && message.evicted.length)
                    for (var i = 0; i < message.evicted.length; ++i)
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.evicted[i]);
                if (message.kept != null && message.kept.length)
                    for (var i = 0; i < message.kept.length; ++i)
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.kept[i]);
                if (message.evictedCount != null && $Object.hasOwnProperty.call(message, "evictedCount") && message.evictedCount !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.evictedCount);
                if (message.keptCount != null && $Object.hasOwnProperty.call(message, "keptCount") && message.keptCount !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.keptCount);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an EvictReply message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.EvictReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.EvictReply & trims.v1.EvictReply.$Shape} EvictReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            EvictReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.EvictReply();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.evicted && message.evicted.length))
                                message.evicted = [];
                            message.evicted.push(reader.stringVerify());
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.kept && message.kept.length))
                                message.kept = [];
                            message.kept.push(reader.stringVerify());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.evictedCount = value;
                            else
                                delete message.evictedCount;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.keptCount = value;
                            else
                                delete message.keptCount;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return EvictReply;
        })();

        v1.List = (function() {

            /**
             * Properties of a List.
             * @typedef {Object} trims.v1.List.$Properties
             * @property {string|null} [after] List after
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a List.
             * @memberof trims.v1
             * @interface IList
             * @augments trims.v1.List.$Properties
             * @deprecated Use trims.v1.List.$Properties instead.
             */

            /**
             * Shape of a List.
             * @typedef {trims.v1.List.$Properties} trims.v1.List.$Shape
             */

            /**
             * Constructs a new List.
             * @memberof trims.v1
             * @classdesc Represents a List.
             * @constructor
             * @param {trims.v1.List.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var List = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * List after.
             * @member {string} after
             * @memberof trims.v1.List
             * @instance
             */
            List.prototype.after = "";

            /**
             * Creates a new List instance using the specified properties.
             * @function create
             * @memberof trims.v1.List
             * @static
             * @param {trims.v1.List.$Properties=} [properties] Properties to set
             * @returns {trims.v1.List} List instance
             * @type {{
             *   (properties: trims.v1.List.$Shape): trims.v1.List & trims.v1.List.$Shape;
             *   (properties?: trims.v1.List.$Properties): trims.v1.List;
             * }}
             */
            List.create = function(properties) {
                return new List(properties);
            };

            /**
             * Encodes the specified List message. Does not implicitly {@link trims.v1.List.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.List
             * @static
             * @param {trims.v1.List.$Properties} message List message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            List.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.after != null && $Object.hasOwnProperty.call(message, "after") && message.after !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.after);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a List message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.List
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.List & trims.v1.List.$Shape} List
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            List.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.List();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.after = value;
                            else
                                delete message.after;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return List;
        })();

        v1.ModelInfo = (function() {

            /**
             * Properties of a ModelInfo.
             * @typedef {Object} trims.v1.ModelInfo.$Properties
             * @property {Array.<string>|null} [urls] ModelInfo urls
             * @property {string|null} [digest] ModelInfo digest
             * @property {trims.v1.Tier|null} [tier] ModelInfo tier
             * @property {number|null} [bytes] ModelInfo bytes
             * @property {number|null} [refs] ModelInfo refs
             * @property {number|null} [hits] ModelInfo hits
             * @property {boolean|null} [pinned] ModelInfo pinned
             * @property {number|null} [lastUsedMs] ModelInfo lastUsedMs
             * @property {Array.<trims.v1.Tier>|null} [tiers] ModelInfo tiers
             * @property {number|null} [moreUrls] ModelInfo moreUrls
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ModelInfo.
             * @memberof trims.v1
             * @interface IModelInfo
             * @augments trims.v1.ModelInfo.$Properties
             * @deprecated Use trims.v1.ModelInfo.$Properties instead.
             */

            /**
             * Shape of a ModelInfo.
             * @typedef {trims.v1.ModelInfo.$Properties} trims.v1.ModelInfo.$Shape
             */

            /**
             * Constructs a new ModelInfo.
             * @memberof trims.v1
             * @classdesc Represents a ModelInfo.
             * @constructor
             * @param {trims.v1.ModelInfo.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var ModelInfo = function (properties) {
                this.urls = [];
                this.tiers = [];
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ModelInfo urls.
             * @member {Array.<string>} urls
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.urls = $util.emptyArray;

            /**
             * ModelInfo digest.
             * @member {string} digest
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.digest = "";

            /**
             * ModelInfo tier.
             * @member {trims.v1.Tier} tier
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.tier = 0;

            /**
             * ModelInfo bytes.
             * @member {number} bytes
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.bytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ModelInfo refs.
             * @member {number} refs
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.refs = 0;

            /**
             * ModelInfo hits.
             * @member {number} hits
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.hits = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ModelInfo pinned.
             * @member {boolean} pinned
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.pinned = false;

            /**
             * ModelInfo lastUsedMs.
             * @member {number} lastUsedMs
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.lastUsedMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ModelInfo tiers.
             * @member {Array.<trims.v1.Tier>} tiers
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.tiers = $util.emptyArray;

            /**
             * ModelInfo moreUrls.
             * @member {number} moreUrls
             * @memberof trims.v1.ModelInfo
             * @instance
             */
            ModelInfo.prototype.moreUrls = 0;

            /**
             * Creates a new ModelInfo instance using the specified properties.
             * @function create
             * @memberof trims.v1.ModelInfo
             * @static
             * @param {trims.v1.ModelInfo.$Properties=} [properties] Properties to set
             * @returns {trims.v1.ModelInfo} ModelInfo instance
             * @type {{
             *   (properties: trims.v1.ModelInfo.$Shape): trims.v1.ModelInfo & trims.v1.ModelInfo.$Shape;
             *   (properties?: trims.v1.ModelInfo.$Properties): trims.v1.ModelInfo;
             * }}
             */
            ModelInfo.create = function(properties) {
                return new ModelInfo(properties);
            };

            /**
             * Encodes the specified ModelInfo message. Does not implicitly {@link trims.v1.ModelInfo.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.ModelInfo
             * @static
             * @param {trims.v1.ModelInfo.$Properties} message ModelInfo message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ModelInfo.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.urls != null && message.urls.length)
                    for (var i = 0; i < message.urls.length; ++i)
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.urls[i]);
                if (message.digest != null && $Object.hasOwnProperty.call(message, "digest") && message.digest !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.digest);
                if (message.tier != null && $Object.hasOwnProperty.call(message, "tier") && message.tier !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.tier);
                if (message.bytes != null && $Object.hasOwnProperty.call(message, "bytes") && (typeof message.bytes === "object" ? message.bytes.low || message.bytes.high : message.bytes !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.bytes);
                if (message.refs != null && $Object.hasOwnProperty.call(message, "refs") && message.refs !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.refs);
                if (message.hits != null && $Object.hasOwnProperty.call(message, "hits") && (typeof message.hits === "object" ? message.hits.low || message.hits.high : message.hits !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.hits);
                if (message.pinned != null && $Object.hasOwnProperty.call(message, "pinned") && message.pinned !== false)
                    writer.uint32(/* id 7, wireType 0 =*/56).bool(message.pinned);
                if (message.lastUsedMs != null && $Object.hasOwnProperty.call(message, "lastUsedMs") && (typeof message.lastUsedMs === "object" ? message.lastUsedMs.low || message.lastUsedMs.high : message.lastUsedMs !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.lastUsedMs);
                if (message.tiers != null && message.tiers.length)
                    writer.uint32(/* id 9, wireType 2 =*/74).int32s(message.tiers);
                if (message.moreUrls != null && $Object.hasOwnProperty.call(message, "moreUrls") && message.moreUrls !== 0)
                    writer.uint32(/* id 10, wireType 0 =*/80).uint32(message.moreUrls);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ModelInfo message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.ModelInfo
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.ModelInfo & trims.v1.ModelInfo.$Shape} ModelInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ModelInfo.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.ModelInfo();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.urls && message.urls.length))
                                message.urls = [];
                            message.urls.push(reader.stringVerify());
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.digest = value;
                            else
                                delete message.digest;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.tier = value;
                            else
                                delete message.tier;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.bytes = value;
                            else
                                delete message.bytes;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.refs = value;
                            else
                                delete message.refs;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.hits = value;
                            else
                                delete message.hits;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.pinned = value;
                            else
                                delete message.pinned;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.lastUsedMs = value;
                            else
                                delete message.lastUsedMs;
                            continue;
                        }
                    case 9: {
                            if (wireType === 2) {
                                if (!(message.tiers && message.tiers.length))
                                    message.tiers = [];
                                reader.int32s(message.tiers);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.tiers && message.tiers.length))
                                message.tiers = [];
                            message.tiers.push(reader.int32());
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.moreUrls = value;
                            else
                                delete message.moreUrls;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ModelInfo;
        })();

        v1.TierUsage = (function() {

            /**
             * Properties of a TierUsage.
             * @typedef {Object} trims.v1.TierUsage.$Properties
             * @property {number|null} [used] TierUsage used
             * @property {number|null} [budget] TierUsage budget
             * @property {number|null} [models] TierUsage models
             * @property {string|null} [degraded] TierUsage degraded
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a TierUsage.
             * @memberof trims.v1
             * @interface ITierUsage
             * @augments trims.v1.TierUsage.$Properties
             * @deprecated Use trims.v1.TierUsage.$Properties instead.
             */

            /**
             * Shape of a TierUsage.
             * @typedef {trims.v1.TierUsage.$Properties} trims.v1.TierUsage.$Shape
             */

            /**
             * Constructs a new TierUsage.
             * @memberof trims.v1
             * @classdesc Represents a TierUsage.
             * @constructor
             * @param {trims.v1.TierUsage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var TierUsage = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * TierUsage used.
             * @member {number} used
             * @memberof trims.v1.TierUsage
             * @instance
             */
            TierUsage.prototype.used = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * TierUsage budget.
             * @member {number} budget
             * @memberof trims.v1.TierUsage
             * @instance
             */
            TierUsage.prototype.budget = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * TierUsage models.
             * @member {number} models
             * @memberof trims.v1.TierUsage
             * @instance
             */
            TierUsage.prototype.models = 0;

            /**
             * TierUsage degraded.
             * @member {string} degraded
             * @memberof trims.v1.TierUsage
             * @instance
             */
            TierUsage.prototype.degraded = "";

            /**
             * Creates a new TierUsage instance using the specified properties.
             * @function create
             * @memberof trims.v1.TierUsage
             * @static
             * @param {trims.v1.TierUsage.$Properties=} [properties] Properties to set
             * @returns {trims.v1.TierUsage} TierUsage instance
             * @type {{
             *   (properties: trims.v1.TierUsage.$Shape): trims.v1.TierUsage & trims.v1.TierUsage.$Shape;
             *   (properties?: trims.v1.TierUsage.$Properties): trims.v1.TierUsage;
             * }}
             */
            TierUsage.create = function(properties) {
                return new TierUsage(properties);
            };

            /**
             * Encodes the specified TierUsage message. Does not implicitly {@link trims.v1.TierUsage.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.TierUsage
             * @static
             * @param {trims.v1.TierUsage.$Properties} message TierUsage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            TierUsage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.used != null && $Object.hasOwnProperty.call(message, "used") && (typeof message.used === "object" ? message.used.low || message.used.high : message.used !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.used);
                if (message.budget != null && $Object.hasOwnProperty.call(message, "budget") && (typeof message.budget === "object" ? message.budget.low || message.budget.high : message.budget !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.budget);
                if (message.models != null && $Object.hasOwnProperty.call(message, "models") && message.models !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.models);
                if (message.degraded != null && $Object.hasOwnProperty.call(message, "degraded") && message.degraded !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.degraded);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a TierUsage message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.TierUsage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.TierUsage & trims.v1.TierUsage.$Shape} TierUsage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            TierUsage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.TierUsage();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.used = value;
                            else
                                delete message.used;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.budget = value;
                            else
                                delete message.budget;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.models = value;
                            else
                                delete message.models;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.degraded = value;
                            else
                                delete message.degraded;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return TierUsage;
        })();

        v1.ListReply = (function() {

            /**
             * Properties of a ListReply.
             * @typedef {Object} trims.v1.ListReply.$Properties
             * @property {Array.<trims.v1.ModelInfo.$Properties>|null} [models] ListReply models
             * @property {Object.<string,trims.v1.TierUsage.$Properties>|null} [tiers] ListReply tiers
             * @property {string|null} [gpuDriver] ListReply gpuDriver
             * @property {boolean|null} [gpuReadOnly] ListReply gpuReadOnly
             * @property {string|null} [next] ListReply next
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ListReply.
             * @memberof trims.v1
             * @interface IListReply
             * @augments trims.v1.ListReply.$Properties
             * @deprecated Use trims.v1.ListReply.$Properties instead.
             */

            /**
             * Shape of a ListReply.
             * @typedef {trims.v1.ListReply.$Properties} trims.v1.ListReply.$Shape
             */

            /**
             * Constructs a new ListReply.
             * @memberof trims.v1
             * @classdesc Represents a ListReply.
             * @constructor
             * @param {trims.v1.ListReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var ListReply = function (properties) {
                this.models = [];
                this.tiers = {};
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ListReply models.
             * @member {Array.<trims.v1.ModelInfo.$Properties>} models
             * @memberof trims.v1.ListReply
             * @instance
             */
            ListReply.prototype.models = $util.emptyArray;

            /**
             * ListReply tiers.
             * @member {Object.<string,trims.v1.TierUsage.$Properties>} tiers
             * @memberof trims.v1.ListReply
             * @instance
             */
            ListReply.prototype.tiers = $util.emptyObject;

            /**
             * ListReply gpuDriver.
             * @member {string} gpuDriver
             * @memberof trims.v1.ListReply
             * @instance
             */
            ListReply.prototype.gpuDriver = "";

            /**
             * ListReply gpuReadOnly.
             * @member {boolean} gpuReadOnly
             * @memberof trims.v1.ListReply
             * @instance
             */
            ListReply.prototype.gpuReadOnly = false;

            /**
             * ListReply next.
             * @member {string} next
             * @memberof trims.v1.ListReply
             * @instance
             */
            ListReply.prototype.next = "";

            /**
             * Creates a new ListReply instance using the specified properties.
             * @function create
             * @memberof trims.v1.ListReply
             * @static
             * @param {trims.v1.ListReply.$Properties=} [properties] Properties to set
             * @returns {trims.v1.ListReply} ListReply instance
             * @type {{
             *   (properties: trims.v1.ListReply.$Shape): trims.v1.ListReply & trims.v1.ListReply.$Shape;
             *   (properties?: trims.v1.ListReply.$Properties): trims.v1.ListReply;
             * }}
             */
            ListReply.create = function(properties) {
                return new ListReply(properties);
            };

            /**
             * Encodes the specified ListReply message. Does not implicitly {@link trims.v1.ListReply.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.ListReply
             * @static
             * @param {trims.v1.ListReply.$Properties} message ListReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ListReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.models != null && message.models.length)
                    for (var i = 0; i < message.models.length; ++i)
                        $root.trims.v1.ModelInfo.encode(message.models[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.tiers != null && $Object.hasOwnProperty.call(message, "tiers"))
                    for (var keys = $Object.keys(message.tiers), i = 0; i < keys.length; ++i) {
                        writer.uint32(/* id 2, wireType 2 =*/18).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]);
                        $root.trims.v1.TierUsage.encode(message.tiers[keys[i]], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim().ldelim();
                    }
                if (message.gpuDriver != null && $Object.hasOwnProperty.call(message, "gpuDriver") && message.gpuDriver !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.gpuDriver);
                if (message.gpuReadOnly != null && $Object.hasOwnProperty.call(message, "gpuReadOnly") && message.gpuReadOnly !== false)
                    writer.uint32(/* id 4, wireType 0 =*/32).bool(message.gpuReadOnly);
                if (message.next != null && $Object.hasOwnProperty.call(message, "next") && message.next !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.next);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ListReply message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.ListReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.ListReply & trims.v1.ListReply.$Shape} ListReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ListReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, key, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.ListReply();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.models && message.models.length))
                                message.models = [];
                            message.models.push($root.trims.v1.ModelInfo.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (message.tiers === $util.emptyObject)
                                message.tiers = {};
                            var end2 = reader.size() + reader.pos;
                            if (end2 > reader.len)
                                throw $RangeError("index out of range");
                            reader.len = end2;
                            key = "";
                            value = null;
                            while (reader.pos < end2) {
                                var tag2 = reader.tag();
                                wireType = tag2 & 7;
                                switch (tag2 >>>= 3) {
                                case 1:
                                    if (wireType !== 2)
                                        break;
                                    key = reader.stringVerify();
                                    continue;
                                case 2:
                                    if (wireType !== 2)
                                        break;
                                    value = $root.trims.v1.TierUsage.decode(reader, reader.size(), $undefined, _depth + 1, value);
                                    continue;
                                }
                                reader.skipType(wireType, _depth, tag2);
                            }
                            if (reader.pos !== end2)
                                throw $RangeError("index out of range");
                            reader.len = end;
                            if (key === "__proto__")
                                $util.makeProp(message.tiers, key);
                            message.tiers[key] = value || new $root.trims.v1.TierUsage();
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.gpuDriver = value;
                            else
                                delete message.gpuDriver;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.gpuReadOnly = value;
                            else
                                delete message.gpuReadOnly;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.next = value;
                            else
                                delete message.next;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ListReply;
        })();

        v1.Stats = (function() {

            /**
             * Properties of a Stats.
             * @typedef {Object} trims.v1.Stats.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Stats.
             * @memberof trims.v1
             * @interface IStats
             * @augments trims.v1.Stats.$Properties
             * @deprecated Use trims.v1.Stats.$Properties instead.
             */

            /**
             * Shape of a Stats.
             * @typedef {trims.v1.Stats.$Properties} trims.v1.Stats.$Shape
             */

            /**
             * Constructs a new Stats.
             * @memberof trims.v1
             * @classdesc Represents a Stats.
             * @constructor
             * @param {trims.v1.Stats.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Stats = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new Stats instance using the specified properties.
             * @function create
             * @memberof trims.v1.Stats
             * @static
             * @param {trims.v1.Stats.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Stats} Stats instance
             * @type {{
             *   (properties: trims.v1.Stats.$Shape): trims.v1.Stats & trims.v1.Stats.$Shape;
             *   (properties?: trims.v1.Stats.$Properties): trims.v1.Stats;
             * }}
             */
            Stats.create = function(properties) {
                return new Stats(properties);
            };

            /**
             * Encodes the specified Stats message. Does not implicitly {@link trims.v1.Stats.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Stats
             * @static
             * @param {trims.v1.Stats.$Properties} message Stats message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Stats.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Stats message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Stats
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Stats & trims.v1.Stats.$Shape} Stats
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Stats.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Stats();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Stats;
        })();

        v1.StatsReply = (function() {

            /**
             * Properties of a StatsReply.
             * @typedef {Object} trims.v1.StatsReply.$Properties
             * @property {number|null} [connections] StatsReply connections
             * @property {number|null} [references] StatsReply references
             * @property {number|null} [opens] StatsReply opens
             * @property {number|null} [hits] StatsReply hits
             * @property {number|null} [misses] StatsReply misses
             * @property {number|null} [fetches] StatsReply fetches
             * @property {number|null} [conversions] StatsReply conversions
             * @property {number|null} [evictions] StatsReply evictions
             * @property {number|null} [errors] StatsReply errors
             * @property {number|null} [privateLoads] StatsReply privateLoads
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a StatsReply.
             * @memberof trims.v1
             * @interface IStatsReply
             * @augments trims.v1.StatsReply.$Properties
             * @deprecated Use trims.v1.StatsReply.$Properties instead.
             */

            /**
             * Shape of a StatsReply.
             * @typedef {trims.v1.StatsReply.$Properties} trims.v1.StatsReply.$Shape
             */

            /**
             * Constructs a new StatsReply.
             * @memberof trims.v1
             * @classdesc Represents a StatsReply.
             * @constructor
             * @param {trims.v1.StatsReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var StatsReply = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * StatsReply connections.
             * @member {number} connections
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.connections = 0;

            /**
             * StatsReply references.
             * @member {number} references
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.references = 0;

            /**
             * StatsReply opens.
             * @member {number} opens
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.opens = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatsReply hits.
             * @member {number} hits
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.hits = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatsReply misses.
             * @member {number} misses
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.misses = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatsReply fetches.
             * @member {number} fetches
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.fetches = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatsReply conversions.
             * @member {number} conversions
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.conversions = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatsReply evictions.
             * @member {number} evictions
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.evictions = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatsReply errors.
             * @member {number} errors
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.errors = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatsReply privateLoads.
             * @member {number} privateLoads
             * @memberof trims.v1.StatsReply
             * @instance
             */
            StatsReply.prototype.privateLoads = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new StatsReply instance using the specified properties.
             * @function create
             * @memberof trims.v1.StatsReply
             * @static
             * @param {trims.v1.StatsReply.$Properties=} [properties] Properties to set
             * @returns {trims.v1.StatsReply} StatsReply instance
             * @type {{
             *   (properties: trims.v1.StatsReply.$Shape): trims.v1.StatsReply & trims.v1.StatsReply.$Shape;
             *   (properties?: trims.v1.StatsReply.$Properties): trims.v1.StatsReply;
             * }}
             */
            StatsReply.create = function(properties) {
                return new StatsReply(properties);
            };

            /**
             * Encodes the specified StatsReply message. Does not implicitly {@link trims.v1.StatsReply.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.StatsReply
             * @static
             * @param {trims.v1.StatsReply.$Properties} message StatsReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            StatsReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.connections != null && $Object.hasOwnProperty.call(message, "connections") && message.connections !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.connections);
                if (message.references != null && $Object.hasOwnProperty.call(message, "references") && message.references !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.references);
                if (message.opens != null && $Object.hasOwnProperty.call(message, "opens") && (typeof message.opens === "object" ? message.opens.low || message.opens.high : message.opens !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.opens);
                if (message.hits != null && $Object.hasOwnProperty.call(message, "hits") && (typeof message.hits === "object" ? message.hits.low || message.hits.high : message.hits !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.hits);
                if (message.misses != null && $Object.hasOwnProperty.call(message, "misses") && (typeof message.misses === "object" ? message.misses.low || message.misses.high : message.misses !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.misses);
                if (message.fetches != null && $Object.hasOwnProperty.call(message, "fetches") && (typeof message.fetches === "object" ? message.fetches.low || message.fetches.high : message.fetches !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.fetches);
                if (message.conversions != null && $Object.hasOwnProperty.call(message, "conversions") && (typeof message.conversions === "object" ? message.conversions.low || message.conversions.high : message.conversions !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.conversions);
                if (message.evictions != null && $Object.hasOwnProperty.call(message, "evictions") && (typeof message.evictions === "object" ? message.evictions.low || message.evictions.high : message.evictions !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.evictions);
                if (message.errors != null && $Object.hasOwnProperty.call(message, "errors") && (typeof message.errors === "object" ? message.errors.low || message.errors.high : message.errors !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.errors);
                if (message.privateLoads != null && $Object.hasOwnProperty.call(message, "privateLoads") && (typeof message.privateLoads === "object" ? message.privateLoads.low || message.privateLoads.high : message.privateLoads !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.privateLoads);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a StatsReply message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.StatsReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.StatsReply & trims.v1.StatsReply.$Shape} StatsReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            StatsReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.StatsReply();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.connections = value;
                            else
                                delete message.connections;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.references = value;
                            else
                                delete message.references;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.opens = value;
                            else
                                delete message.opens;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.hits = value;
                            else
                                delete message.hits;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.misses = value;
                            else
                                delete message.misses;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.fetches = value;
                            else
                                delete message.fetches;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.conversions = value;
                            else
                                delete message.conversions;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.evictions = value;
                            else
                                delete message.evictions;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.errors = value;
                            else
                                delete message.errors;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.privateLoads = value;
                            else
                                delete message.privateLoads;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return StatsReply;
        })();

        v1.Health = (function() {

            /**
             * Properties of a Health.
             * @typedef {Object} trims.v1.Health.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Health.
             * @memberof trims.v1
             * @interface IHealth
             * @augments trims.v1.Health.$Properties
             * @deprecated Use trims.v1.Health.$Properties instead.
             */

            /**
             * Shape of a Health.
             * @typedef {trims.v1.Health.$Properties} trims.v1.Health.$Shape
             */

            /**
             * Constructs a new Health.
             * @memberof trims.v1
             * @classdesc Represents a Health.
             * @constructor
             * @param {trims.v1.Health.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Health = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new Health instance using the specified properties.
             * @function create
             * @memberof trims.v1.Health
             * @static
             * @param {trims.v1.Health.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Health} Health instance
             * @type {{
             *   (properties: trims.v1.Health.$Shape): trims.v1.Health & trims.v1.Health.$Shape;
             *   (properties?: trims.v1.Health.$Properties): trims.v1.Health;
             * }}
             */
            Health.create = function(properties) {
                return new Health(properties);
            };

            /**
             * Encodes the specified Health message. Does not implicitly {@link trims.v1.Health.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Health
             * @static
             * @param {trims.v1.Health.$Properties} message Health message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Health.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Health message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Health
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Health & trims.v1.Health.$Shape} Health
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Health.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Health();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Health;
        })();

        v1.HealthReply = (function() {

            /**
             * Properties of a HealthReply.
             * @typedef {Object} trims.v1.HealthReply.$Properties
             * @property {string|null} [version] HealthReply version
             * @property {number|null} [pid] HealthReply pid
             * @property {number|null} [uptimeMs] HealthReply uptimeMs
             * @property {boolean|null} [gpu] HealthReply gpu
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a HealthReply.
             * @memberof trims.v1
             * @interface IHealthReply
             * @augments trims.v1.HealthReply.$Properties
             * @deprecated Use trims.v1.HealthReply.$Properties instead.
             */

            /**
             * Shape of a HealthReply.
             * @typedef {trims.v1.HealthReply.$Properties} trims.v1.HealthReply.$Shape
             */

            /**
             * Constructs a new HealthReply.
             * @memberof trims.v1
             * @classdesc Represents a HealthReply.
             * @constructor
             * @param {trims.v1.HealthReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var HealthReply = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * HealthReply version.
             * @member {string} version
             * @memberof trims.v1.HealthReply
             * @instance
             */
            HealthReply.prototype.version = "";

            /**
             * HealthReply pid.
             * @member {number} pid
             * @memberof trims.v1.HealthReply
             * @instance
             */
            HealthReply.prototype.pid = 0;

            /**
             * HealthReply uptimeMs.
             * @member {number} uptimeMs
             * @memberof trims.v1.HealthReply
             * @instance
             */
            HealthReply.prototype.uptimeMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * HealthReply gpu.
             * @member {boolean} gpu
             * @memberof trims.v1.HealthReply
             * @instance
             */
            HealthReply.prototype.gpu = false;

            /**
             * Creates a new HealthReply instance using the specified properties.
             * @function create
             * @memberof trims.v1.HealthReply
             * @static
             * @param {trims.v1.HealthReply.$Properties=} [properties] Properties to set
             * @returns {trims.v1.HealthReply} HealthReply instance
             * @type {{
             *   (properties: trims.v1.HealthReply.$Shape): trims.v1.HealthReply & trims.v1.HealthReply.$Shape;
             *   (properties?: trims.v1.HealthReply.$Properties): trims.v1.HealthReply;
             * }}
             */
            HealthReply.create = function(properties) {
                return new HealthReply(properties);
            };

            /**
             * Encodes the specified HealthReply message. Does not implicitly {@link trims.v1.HealthReply.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.HealthReply
             * @static
             * @param {trims.v1.HealthReply.$Properties} message HealthReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            HealthReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.version);
                if (message.pid != null && $Object.hasOwnProperty.call(message, "pid") && message.pid !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.pid);
                if (message.uptimeMs != null && $Object.hasOwnProperty.call(message, "uptimeMs") && (typeof message.uptimeMs === "object" ? message.uptimeMs.low || message.uptimeMs.high : message.uptimeMs !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.uptimeMs);
                if (message.gpu != null && $Object.hasOwnProperty.call(message, "gpu") && message.gpu !== false)
                    writer.uint32(/* id 4, wireType 0 =*/32).bool(message.gpu);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a HealthReply message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.HealthReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.HealthReply & trims.v1.HealthReply.$Shape} HealthReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            HealthReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.HealthReply();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.pid = value;
                            else
                                delete message.pid;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.uptimeMs = value;
                            else
                                delete message.uptimeMs;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.gpu = value;
                            else
                                delete message.gpu;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return HealthReply;
        })();

        v1.Request = (function() {

            /**
             * Properties of a Request.
             * @typedef {Object} trims.v1.Request.$Properties
             * @property {number|null} [id] Request id
             * @property {trims.v1.Hello.$Properties|null} [hello] Request hello
             * @property {trims.v1.Open.$Properties|null} [open] Request open
             * @property {trims.v1.Close.$Properties|null} [close] Request close
             * @property {trims.v1.Preload.$Properties|null} [preload] Request preload
             * @property {trims.v1.Evict.$Properties|null} [evict] Request evict
             * @property {trims.v1.List.$Properties|null} [list] Request list
             * @property {trims.v1.Stats.$Properties|null} [stats] Request stats
             * @property {trims.v1.Health.$Properties|null} [health] Request health
             * @property {trims.v1.MoreFiles.$Properties|null} [moreFiles] Request moreFiles
             * @property {"hello"|"open"|"close"|"preload"|"evict"|"list"|"stats"|"health"|"moreFiles"} [body] Request body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Request.
             * @memberof trims.v1
             * @interface IRequest
             * @augments trims.v1.Request.$Properties
             * @deprecated Use trims.v1.Request.$Properties instead.
             */

            /**
             * Narrowed shape of a Request.
             * @typedef {{
             *   id?: number|null;
             *   hello?: trims.v1.Hello.$Shape|null;
             *   open?: trims.v1.Open.$Shape|null;
             *   close?: trims.v1.Close.$Shape|null;
             *   preload?: trims.v1.Preload.$Shape|null;
             *   evict?: trims.v1.Evict.$Shape|null;
             *   list?: trims.v1.List.$Shape|null;
             *   stats?: trims.v1.Stats.$Shape|null;
             *   health?: trims.v1.Health.$Shape|null;
             *   moreFiles?: trims.v1.MoreFiles.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "hello"; hello: trims.v1.Hello.$Shape; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "open"; hello?: null; open: trims.v1.Open.$Shape; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "close"; hello?: null; open?: null; close: trims.v1.Close.$Shape; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "preload"; hello?: null; open?: null; close?: null; preload: trims.v1.Preload.$Shape; evict?: null; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "evict"; hello?: null; open?: null; close?: null; preload?: null; evict: trims.v1.Evict.$Shape; list?: null; stats?: null; health?: null; moreFiles?: null }|{ body?: "list"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list: trims.v1.List.$Shape; stats?: null; health?: null; moreFiles?: null }|{ body?: "stats"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats: trims.v1.Stats.$Shape; health?: null; moreFiles?: null }|{ body?: "health"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health: trims.v1.Health.$Shape; moreFiles?: null }|{ body?: "moreFiles"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null; moreFiles: trims.v1.MoreFiles.$Shape })
             * )} trims.v1.Request.$Shape
             */

            /**
             * Constructs a new Request.
             * @memberof trims.v1
             * @classdesc Represents a Request.
             * @constructor
             * @param {trims.v1.Request.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Request = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Request id.
             * @member {number} id
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.id = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Request hello.
             * @member {trims.v1.Hello.$Properties|null|undefined} hello
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.hello = null;

            /**
             * Request open.
             * @member {trims.v1.Open.$Properties|null|undefined} open
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.open = null;

            /**
             * Request close.
             * @member {trims.v1.Close.$Properties|null|undefined} close
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.close = null;

            /**
             * Request preload.
             * @member {trims.v1.Preload.$Properties|null|undefined} preload
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.preload = null;

            /**
             * Request evict.
             * @member {trims.v1.Evict.$Properties|null|undefined} evict
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.evict = null;

            /**
             * Request list.
             * @member {trims.v1.List.$Properties|null|undefined} list
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.list = null;

            /**
             * Request stats.
             * @member {trims.v1.Stats.$Properties|null|undefined} stats
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.stats = null;

            /**
             * Request health.
             * @member {trims.v1.Health.$Properties|null|undefined} health
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.health = null;

            /**
             * Request moreFiles.
             * @member {trims.v1.MoreFiles.$Properties|null|undefined} moreFiles
             * @memberof trims.v1.Request
             * @instance
             */
            Request.prototype.moreFiles = null;

            // OneOf field names bound to virtual getters and setters
            var $oneOfFields;

            /**
             * Request body.
             * @member {"hello"|"open"|"close"|"preload"|"evict"|"list"|"stats"|"health"|"moreFiles"|undefined} body
             * @memberof trims.v1.Request
             * @instance
             */
            $Object.defineProperty(Request.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["hello", "open", "close", "preload", "evict", "list", "stats", "health", "moreFiles"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Request instance using the specified properties.
             * @function create
             * @memberof trims.v1.Request
             * @static
             * @param {trims.v1.Request.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Request} Request instance
             * @type {{
             *   (properties: trims.v1.Request.$Shape): trims.v1.Request & trims.v1.Request.$Shape;
             *   (properties?: trims.v1.Request.$Properties): trims.v1.Request;
             * }}
             */
            Request.create = function(properties) {
                return new Request(properties);
            };

            /**
             * Encodes the specified Request message. Does not implicitly {@link trims.v1.Request.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Request
             * @static
             * @param {trims.v1.Request.$Properties} message Request message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Request.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.id != null && $Object.hasOwnProperty.call(message, "id") && (typeof message.id === "object" ? message.id.low || message.id.high : message.id !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.id);
                if (message.hello != null && $Object.hasOwnProperty.call(message, "hello"))
                    $root.trims.v1.Hello.encode(message.hello, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.open != null && $Object.hasOwnProperty.call(message, "open"))
                    $root.trims.v1.Open.encode(message.open, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.close != null && $Object.hasOwnProperty.call(message, "close"))
                    $root.trims.v1.Close.encode(message.close, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.preload != null && $Object.hasOwnProperty.call(message, "preload"))
                    $root.trims.v1.Preload.encode(message.preload, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.evict != null && $Object.hasOwnProperty.call(message, "evict"))
                    $root.trims.v1.Evict.encode(message.evict, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.list != null && $Object.hasOwnProperty.call(message, "list"))
                    $root.trims.v1.List.encode(message.list, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.stats != null && $Object.hasOwnProperty.call(message, "stats"))
                    $root.trims.v1.Stats.encode(message.stats, writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                if (message.health != null && $Object.hasOwnProperty.call(message, "health"))
                    $root.trims.v1.Health.encode(message.health, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.moreFiles != null && $Object.hasOwnProperty.call(message, "moreFiles"))
                    $root.trims.v1.MoreFiles.encode(message.moreFiles, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Request message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Request
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Request & trims.v1.Request.$Shape} Request
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Request.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Request();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.id = value;
                            else
                                delete message.id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.hello = $root.trims.v1.Hello.decode(reader, reader.size(), $undefined, _depth + 1, message.hello);
                            message.body = "hello";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.open = $root.trims.v1.Open.decode(reader, reader.size(), $undefined, _depth + 1, message.open);
                            message.body = "open";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.close = $root.trims.v1.Close.decode(reader, reader.size(), $undefined, _depth + 1, message.close);
                            message.body = "close";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.preload = $root.trims.v1.Preload.decode(reader, reader.size(), $undefined, _depth + 1, message.preload);
                            message.body = "preload";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.evict = $root.trims.v1.Evict.decode(reader, reader.size(), $undefined, _depth + 1, message.evict);
                            message.body = "evict";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.list = $root.trims.v1.List.decode(reader, reader.size(), $undefined, _depth + 1, message.list);
                            message.body = "list";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            message.stats = $root.trims.v1.Stats.decode(reader, reader.size(), $undefined, _depth + 1, message.stats);
                            message.body = "stats";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            message.health = $root.trims.v1.Health.decode(reader, reader.size(), $undefined, _depth + 1, message.health);
                            message.body = "health";
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.moreFiles = $root.trims.v1.MoreFiles.decode(reader, reader.size(), $undefined, _depth + 1, message.moreFiles);
                            message.body = "moreFiles";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Request;
        })();

        v1.MoreFiles = (function() {

            /**
             * Properties of a MoreFiles.
             * @typedef {Object} trims.v1.MoreFiles.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MoreFiles.
             * @memberof trims.v1
             * @interface IMoreFiles
             * @augments trims.v1.MoreFiles.$Properties
             * @deprecated Use trims.v1.MoreFiles.$Properties instead.
             */

            /**
             * Shape of a MoreFiles.
             * @typedef {trims.v1.MoreFiles.$Properties} trims.v1.MoreFiles.$Shape
             */

            /**
             * Constructs a new MoreFiles.
             * @memberof trims.v1
             * @classdesc Represents a MoreFiles.
             * @constructor
             * @param {trims.v1.MoreFiles.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var MoreFiles = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new MoreFiles instance using the specified properties.
             * @function create
             * @memberof trims.v1.MoreFiles
             * @static
             * @param {trims.v1.MoreFiles.$Properties=} [properties] Properties to set
             * @returns {trims.v1.MoreFiles} MoreFiles instance
             * @type {{
             *   (properties: trims.v1.MoreFiles.$Shape): trims.v1.MoreFiles & trims.v1.MoreFiles.$Shape;
             *   (properties?: trims.v1.MoreFiles.$Properties): trims.v1.MoreFiles;
             * }}
             */
            MoreFiles.create = function(properties) {
                return new MoreFiles(properties);
            };

            /**
             * Encodes the specified MoreFiles message. Does not implicitly {@link trims.v1.MoreFiles.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.MoreFiles
             * @static
             * @param {trims.v1.MoreFiles.$Properties} message MoreFiles message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MoreFiles.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MoreFiles message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.MoreFiles
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.MoreFiles & trims.v1.MoreFiles.$Shape} MoreFiles
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MoreFiles.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.MoreFiles();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return MoreFiles;
        })();

        v1.Reply = (function() {

            /**
             * Properties of a Reply.
             * @typedef {Object} trims.v1.Reply.$Properties
             * @property {number|null} [id] Reply id
             * @property {trims.v1.Error.$Properties|null} [error] Reply error
             * @property {trims.v1.HelloReply.$Properties|null} [hello] Reply hello
             * @property {trims.v1.OpenReply.$Properties|null} [open] Reply open
             * @property {trims.v1.CloseReply.$Properties|null} [close] Reply close
             * @property {trims.v1.PreloadReply.$Properties|null} [preload] Reply preload
             * @property {trims.v1.EvictReply.$Properties|null} [evict] Reply evict
             * @property {trims.v1.ListReply.$Properties|null} [list] Reply list
             * @property {trims.v1.StatsReply.$Properties|null} [stats] Reply stats
             * @property {trims.v1.HealthReply.$Properties|null} [health] Reply health
             * @property {"hello"|"open"|"close"|"preload"|"evict"|"list"|"stats"|"health"} [body] Reply body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Reply.
             * @memberof trims.v1
             * @interface IReply
             * @augments trims.v1.Reply.$Properties
             * @deprecated Use trims.v1.Reply.$Properties instead.
             */

            /**
             * Narrowed shape of a Reply.
             * @typedef {{
             *   id?: number|null;
             *   error?: trims.v1.Error.$Shape|null;
             *   hello?: trims.v1.HelloReply.$Shape|null;
             *   open?: trims.v1.OpenReply.$Shape|null;
             *   close?: trims.v1.CloseReply.$Shape|null;
             *   preload?: trims.v1.PreloadReply.$Shape|null;
             *   evict?: trims.v1.EvictReply.$Shape|null;
             *   list?: trims.v1.ListReply.$Shape|null;
             *   stats?: trims.v1.StatsReply.$Shape|null;
             *   health?: trims.v1.HealthReply.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "hello"; hello: trims.v1.HelloReply.$Shape; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "open"; hello?: null; open: trims.v1.OpenReply.$Shape; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "close"; hello?: null; open?: null; close: trims.v1.CloseReply.$Shape; preload?: null; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "preload"; hello?: null; open?: null; close?: null; preload: trims.v1.PreloadReply.$Shape; evict?: null; list?: null; stats?: null; health?: null }|{ body?: "evict"; hello?: null; open?: null; close?: null; preload?: null; evict: trims.v1.EvictReply.$Shape; list?: null; stats?: null; health?: null }|{ body?: "list"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list: trims.v1.ListReply.$Shape; stats?: null; health?: null }|{ body?: "stats"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats: trims.v1.StatsReply.$Shape; health?: null }|{ body?: "health"; hello?: null; open?: null; close?: null; preload?: null; evict?: null; list?: null; stats?: null; health: trims.v1.HealthReply.$Shape })
             * )} trims.v1.Reply.$Shape
             */

            /**
             * Constructs a new Reply.
             * @memberof trims.v1
             * @classdesc Represents a Reply.
             * @constructor
             * @param {trims.v1.Reply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            var Reply = function (properties) {
                if (properties)
                    for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Reply id.
             * @member {number} id
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.id = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Reply error.
             * @member {trims.v1.Error.$Properties|null|undefined} error
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.error = null;

            /**
             * Reply hello.
             * @member {trims.v1.HelloReply.$Properties|null|undefined} hello
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.hello = null;

            /**
             * Reply open.
             * @member {trims.v1.OpenReply.$Properties|null|undefined} open
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.open = null;

            /**
             * Reply close.
             * @member {trims.v1.CloseReply.$Properties|null|undefined} close
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.close = null;

            /**
             * Reply preload.
             * @member {trims.v1.PreloadReply.$Properties|null|undefined} preload
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.preload = null;

            /**
             * Reply evict.
             * @member {trims.v1.EvictReply.$Properties|null|undefined} evict
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.evict = null;

            /**
             * Reply list.
             * @member {trims.v1.ListReply.$Properties|null|undefined} list
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.list = null;

            /**
             * Reply stats.
             * @member {trims.v1.StatsReply.$Properties|null|undefined} stats
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.stats = null;

            /**
             * Reply health.
             * @member {trims.v1.HealthReply.$Properties|null|undefined} health
             * @memberof trims.v1.Reply
             * @instance
             */
            Reply.prototype.health = null;

            // OneOf field names bound to virtual getters and setters
            var $oneOfFields;

            /**
             * Reply body.
             * @member {"hello"|"open"|"close"|"preload"|"evict"|"list"|"stats"|"health"|undefined} body
             * @memberof trims.v1.Reply
             * @instance
             */
            $Object.defineProperty(Reply.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["hello", "open", "close", "preload", "evict", "list", "stats", "health"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Reply instance using the specified properties.
             * @function create
             * @memberof trims.v1.Reply
             * @static
             * @param {trims.v1.Reply.$Properties=} [properties] Properties to set
             * @returns {trims.v1.Reply} Reply instance
             * @type {{
             *   (properties: trims.v1.Reply.$Shape): trims.v1.Reply & trims.v1.Reply.$Shape;
             *   (properties?: trims.v1.Reply.$Properties): trims.v1.Reply;
             * }}
             */
            Reply.create = function(properties) {
                return new Reply(properties);
            };

            /**
             * Encodes the specified Reply message. Does not implicitly {@link trims.v1.Reply.verify|verify} messages.
             * @function encode
             * @memberof trims.v1.Reply
             * @static
             * @param {trims.v1.Reply.$Properties} message Reply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Reply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.id != null && $Object.hasOwnProperty.call(message, "id") && (typeof message.id === "object" ? message.id.low || message.id.high : message.id !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.id);
                if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                    $root.trims.v1.Error.encode(message.error, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.hello != null && $Object.hasOwnProperty.call(message, "hello"))
                    $root.trims.v1.HelloReply.encode(message.hello, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.open != null && $Object.hasOwnProperty.call(message, "open"))
                    $root.trims.v1.OpenReply.encode(message.open, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.close != null && $Object.hasOwnProperty.call(message, "close"))
                    $root.trims.v1.CloseReply.encode(message.close, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.preload != null && $Object.hasOwnProperty.call(message, "preload"))
                    $root.trims.v1.PreloadReply.encode(message.preload, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.evict != null && $Object.hasOwnProperty.call(message, "evict"))
                    $root.trims.v1.EvictReply.encode(message.evict, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.list != null && $Object.hasOwnProperty.call(message, "list"))
                    $root.trims.v1.ListReply.encode(message.list, writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                if (message.stats != null && $Object.hasOwnProperty.call(message, "stats"))
                    $root.trims.v1.StatsReply.encode(message.stats, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.health != null && $Object.hasOwnProperty.call(message, "health"))
                    $root.trims.v1.HealthReply.encode(message.health, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (var i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Reply message from the specified reader or buffer.
             * @function decode
             * @memberof trims.v1.Reply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {trims.v1.Reply & trims.v1.Reply.$Shape} Reply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Reply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.trims.v1.Reply();
                while (reader.pos < end) {
                    var start = reader.pos;
                    var tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    var wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.id = value;
                            else
                                delete message.id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.error = $root.trims.v1.Error.decode(reader, reader.size(), $undefined, _depth + 1, message.error);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.hello = $root.trims.v1.HelloReply.decode(reader, reader.size(), $undefined, _depth + 1, message.hello);
                            message.body = "hello";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.open = $root.trims.v1.OpenReply.decode(reader, reader.size(), $undefined, _depth + 1, message.open);
                            message.body = "open";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.close = $root.trims.v1.CloseReply.decode(reader, reader.size(), $undefined, _depth + 1, message.close);
                            message.body = "close";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.preload = $root.trims.v1.PreloadReply.decode(reader, reader.size(), $undefined, _depth + 1, message.preload);
                            message.body = "preload";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.evict = $root.trims.v1.EvictReply.decode(reader, reader.size(), $undefined, _depth + 1, message.evict);
                            message.body = "evict";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            message.list = $root.trims.v1.ListReply.decode(reader, reader.size(), $undefined, _depth + 1, message.list);
                            message.body = "list";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            message.stats = $root.trims.v1.StatsReply.decode(reader, reader.size(), $undefined, _depth + 1, message.stats);
                            message.body = "stats";
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.health = $root.trims.v1.HealthReply.decode(reader, reader.size(), $undefined, _depth + 1, message.health);
                            message.body = "health";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Reply;
        })();

        return v1;
    })();

    return trims;
})();

module.exports = $root;
