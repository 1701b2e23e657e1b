/**
 * `vision` (torchvision): datasets (MNIST, FashionMNIST, KMNIST, CIFAR10,
 * CIFAR100, ImageFolder, FakeData), transforms, io (PNG/JPEG) and utils
 * (makeGrid, saveImage) and models (AlexNet, VGG, ResNet, MobileNetV2), with
 * torchvision's names and results.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vision } from "./mod.ts";
 * const t = new vision.transforms.Compose([new vision.transforms.ToTensor(), new vision.transforms.Normalize([0.5], [0.5])]);
 * const [img, label] = new vision.datasets.FakeData({ size: 2, imageSize: [1, 4, 4], transform: t }).getItem(0);
 * assert.deepEqual([(img as { shape: number[] }).shape, typeof label], [[1, 4, 4], "number"]);
 * ```
 * @module
 */
import "../data/mod.ts";
import { CIFAR10, CIFAR100 } from "./datasets/cifar.ts";
import { FakeData } from "./datasets/fakedata.ts";
import { defaultLoader, ImageFolder, IMG_EXTENSIONS } from "./datasets/folder.ts";
import { FashionMNIST, KMNIST, MNIST, parseIdx } from "./datasets/mnist.ts";
import { VisionDataset } from "./datasets/vision_dataset.ts";
import { Image } from "./image.ts";
import * as io from "./io.ts";
import { models } from "./models/mod.ts";
import * as F from "./transforms/functional.ts";
import * as T from "./transforms/transforms.ts";
import { makeGrid, saveImage } from "./utils.ts";

/** torchvision.datasets. */
export const datasets = {
  VisionDataset,
  MNIST,
  FashionMNIST,
  KMNIST,
  CIFAR10,
  CIFAR100,
  ImageFolder,
  FakeData,
  IMG_EXTENSIONS,
  defaultLoader,
  parseIdx,
};

/** torchvision.transforms (with `functional` and InterpolationMode). */
export const transforms = {
  Compose: T.Compose,
  ToTensor: T.ToTensor,
  PILToTensor: T.PILToTensor,
  ToPILImage: T.ToPILImage,
  ConvertImageDtype: T.ConvertImageDtype,
  Normalize: T.Normalize,
  Resize: T.Resize,
  CenterCrop: T.CenterCrop,
  Pad: T.Pad,
  Lambda: T.Lambda,
  RandomCrop: T.RandomCrop,
  RandomResizedCrop: T.RandomResizedCrop,
  RandomHorizontalFlip: T.RandomHorizontalFlip,
  RandomVerticalFlip: T.RandomVerticalFlip,
  RandomRotation: T.RandomRotation,
  ColorJitter: T.ColorJitter,
  Grayscale: T.Grayscale,
  RandomGrayscale: T.RandomGrayscale,
  RandomApply: T.RandomApply,
  Transform: T.Transform,
  InterpolationMode: F.InterpolationMode,
  functional: F,
};

/** torchvision.io. */
export const visionIo = {
  readImage: io.readImage,
  decodeImage: io.decodeImage,
  encodePng: io.encodePng,
  encodeJpeg: io.encodeJpeg,
  writePng: io.writePng,
  writeJpeg: io.writeJpeg,
  ImageReadMode: io.ImageReadMode,
};

/** torchvision.utils. */
export const utils = { makeGrid, saveImage };

/** torchvision for Deno. */
export const vision = {
  datasets,
  transforms,
  io: visionIo,
  utils,
  /** torchvision.models. */
  models,
  /** The image type (PIL.Image's role): HWC bytes in mode L, LA, RGB or RGBA. */
  Image,
  /** Opens a PNG or JPEG file as an Image (PIL's Image.open). */
  open: io.openImage,
};

/** vision's types. */
export declare namespace vision {
  /** A decoded HWC uint8 image. */
  export type Image = import("./image.ts").Image;
  /** Anything `Compose` chains: a callable transform object. */
  export type Transform = import("./transforms/transforms.ts").Transform;
}
