import { GraphBuilder } from '../graph/builder';
import { classify, CLASSES } from './common';

/**
 * AlexNet as torchvision defines it (61.1 M parameters at 224x224). The
 * fully connected layers grow with the input, which makes the paper's
 * "large" AlexNets.
 */
export function alexnet(b: GraphBuilder, height = 224, width = 224): void {
  let x = b.input(height, width, 3);
  x = b.conv(x, 'features/conv1', { filters: 64, kernel: 11, stride: 4, activation: 'relu' });
  x = b.maxPool(x, 'features/pool1', 3, 2);
  x = b.conv(x, 'features/conv2', { filters: 192, kernel: 5, activation: 'relu' });
  x = b.maxPool(x, 'features/pool2', 3, 2);
  x = b.conv(x, 'features/conv3', { filters: 384, kernel: 3, activation: 'relu' });
  x = b.conv(x, 'features/conv4', { filters: 256, kernel: 3, activation: 'relu' });
  x = b.conv(x, 'features/conv5', { filters: 256, kernel: 3, activation: 'relu' });
  x = b.maxPool(x, 'features/pool5', 3, 2);
  x = b.flatten(x, 'flatten');
  x = b.dense(x, 'classifier/fc6', 4096, 'relu');
  x = b.dense(x, 'classifier/fc7', 4096, 'relu');
  classify(b, b.dense(x, 'classifier/fc8', CLASSES));
}

/** CaffeNet (BVLC reference): AlexNet with LRN after pooling and two-group conv2/4/5; 227x227. */
export function caffenet(b: GraphBuilder): void {
  let x = b.input(227, 227, 3);
  x = b.conv(x, 'conv1', {
    filters: 96,
    kernel: 11,
    stride: 4,
    padding: 'VALID',
    activation: 'relu',
  });
  x = b.lrn(b.maxPool(x, 'pool1', 3, 2), 'norm1', 2, 1, 0.0001 / 5, 0.75);
  x = b.groupedConv(x, 'conv2', 2, { filters: 256, kernel: 5, activation: 'relu' });
  x = b.lrn(b.maxPool(x, 'pool2', 3, 2), 'norm2', 2, 1, 0.0001 / 5, 0.75);
  x = b.conv(x, 'conv3', { filters: 384, kernel: 3, activation: 'relu' });
  x = b.groupedConv(x, 'conv4', 2, { filters: 384, kernel: 3, activation: 'relu' });
  x = b.groupedConv(x, 'conv5', 2, { filters: 256, kernel: 3, activation: 'relu' });
  x = b.flatten(b.maxPool(x, 'pool5', 3, 2), 'flatten');
  x = b.dense(x, 'fc6', 4096, 'relu');
  x = b.dense(x, 'fc7', 4096, 'relu');
  classify(b, b.dense(x, 'fc8', CLASSES));
}
