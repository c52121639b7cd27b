/** Chat templates: turning a conversation of messages (with image markers) into the prompt a model was trained on. */
package org.eibench.models.chat;
